// Module Pipeline.
