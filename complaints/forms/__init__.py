"""Forms, one module per area: they check input and say in the user's language what is wrong; services write."""
