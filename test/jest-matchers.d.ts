// Brings cdktf's jest matcher types (registered at runtime by test/setup.ts) into scope.
import "cdktf/lib/testing/adapters/jest";
