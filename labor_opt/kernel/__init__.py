"""The bottom layer: errors as values, files at the edge, text made safe, the time grid."""
