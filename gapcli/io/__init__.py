"""Reading and writing files: scenarios (YAML, CSV, Parquet), other tools' inputs, the
format's rules and schemas, and safe writes. Imports the model and errors, never the engine
(docs/architecture.md)."""
