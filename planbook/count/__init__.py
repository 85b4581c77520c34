"""The quarter's one count (:mod:`.standing`): every figure every document prints."""
