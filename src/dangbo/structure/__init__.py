"""The party tree with its members: restructuring, committees and their terms, oversight, and the tree's pages.

It sits above the member registry because its work moves and seats members; the records it writes
(`Restructuring`, `Committee`, `CommitteeSeat`, `OversightAssignment`) stay models of `organizations`.
"""
