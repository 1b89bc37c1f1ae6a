"""The jury at a fair: fairs, criteria, the lineup, jurors and their personal links, score sheets, conflicts."""
