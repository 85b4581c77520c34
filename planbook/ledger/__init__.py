"""The ledger (台账): each milestone and lead agency across the quarters (:mod:`.lines`)."""
