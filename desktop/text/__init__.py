"""Vietnamese text: normalisation (NFC), folding for search without diacritics, collation,
numbers, dates and money as Vietnamese write them, and the legacy TCVN3/VNI encodings of old
files. Pure functions over strings: no Qt, no SQL (tests/models/test_layers.py)."""
