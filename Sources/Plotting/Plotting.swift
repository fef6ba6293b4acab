/// Plotting draws with Cairo and encodes PNGs with libpng; it does not know about Compute or SiteGen.
public enum Plotting {}
