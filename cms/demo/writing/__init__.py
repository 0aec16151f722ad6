"""Writers of the demo texts: policy documents and notices, news, records, the disclosure guide."""
