// Module CIF: crystallographic information files.
