import Compute
import Plotting

public enum SiteGen {}
