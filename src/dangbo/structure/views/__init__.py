"""Pages of the party tree.

`tree`: the tree browser, now or as of a past date. `organization`: the organization page with its
committee and oversight forms, and its history. `terms`: ending a committee's term (confirmation page)
and restoring it the same day. `restructure`: one form per restructuring operation.
"""
