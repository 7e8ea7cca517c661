"""CareQA's desktop front end (PySide6). Run it with `python -m desktop`."""
