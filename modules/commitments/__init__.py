"""Notice-and-commitment lists (告知承诺制, 国办发〔2020〕42号)."""
