"""Cross-province handling (跨省通办, 国办发〔2020〕35号): partners, agreements, items, cases."""
