// Module TextNormalization.
