"""The screening pages: the list (rounds and stored signals of the scope), a cell's round and each member in it."""
