"""NER fine-tuning and evaluation (`careqa ner train | eval`). Imports torch only when run."""
