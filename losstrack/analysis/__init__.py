"""Pure pandas over the dataset frame: changes, periods, checks and their marks, the gate."""
