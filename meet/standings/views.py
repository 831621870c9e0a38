"""Routes of this area: parse, call an operation, render."""
