"""The schedule: who does what when, its figures, the files it is read from, the validity rules it keeps."""
