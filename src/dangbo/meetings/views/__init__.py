"""The meeting pages: the hub (`hub`), a meeting and its forms (`meeting`), attendance (`attendance`), files
(`files`) and the minutes as documents (`documents`). Each view's first line is its access check."""
