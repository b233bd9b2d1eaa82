"""A TAXII 2.1 server: partners pull the scammers' identifiers shared with them."""
