export * from "./types";
export * from "./filter-pattern";
export * from "./patterns";
export * from "./catalog";
export * from "./findings";
export * from "./notification";
