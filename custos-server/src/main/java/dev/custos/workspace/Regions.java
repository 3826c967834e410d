package dev.custos.workspace;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Component;

/**
 * Where workspaces live and where their content may go (TN-05): this installation keeps its home region's
 * workspaces only, in its own database, and a workspace's model calls go only to providers of the regions its
 * region allows. Why one installation per region, and people with it: docs/architecture.md, "Regions".
 */
@Component
public class Regions {

    /** A provider that runs inside the installation (the offline model, a model on the operator's own servers). */
    public static final String LOCAL = "LOCAL";

    private final RegionProperties properties;

    Regions(RegionProperties properties) {
        this.properties = properties;
    }

    /** The region new workspaces get when none is asked for. */
    public Workspace.Region defaultRegion() {
        return properties.home() != null ? properties.home() : Workspace.Region.EU;
    }

    /** Refuses a workspace this installation does not keep, naming the installation that does when known. */
    public void requireKeptHere(Workspace.Region region) {
        Workspace.Region home = properties.home();
        if (home != null && region != home) {
            String where = Optional.ofNullable(properties.elsewhere().get(region))
                    .map(url -> ", at " + url).orElse("");
            throw CustosException.conflict("region-elsewhere", "This installation keeps " + home + " workspaces in "
                    + home + "; " + region + " workspaces are kept by the " + region + " installation" + where + ".");
        }
    }

    /** The provider regions content of a workspace in {@code region} may go to; empty when any may. */
    public Optional<Set<String>> providerRegions(Workspace.Region region) {
        List<String> configured = properties.providers().get(region);
        if (configured != null) {
            return Optional.of(configured.stream().map(Regions::normal).collect(Collectors.toUnmodifiableSet()));
        }
        if (properties.home() != null) {
            return Optional.of(Set.of(region.name(), LOCAL));
        }
        return Optional.empty();
    }

    /** Whether a provider registered in {@code providerRegion} may receive content of a workspace in {@code region}. */
    public boolean mayReceive(Workspace.Region region, String providerRegion) {
        return providerRegions(region).map(allowed -> allowed.contains(normal(providerRegion))).orElse(true);
    }

    /** A provider's region as the allowed regions are kept: trimmed, in capitals ({@code local} is {@code LOCAL}). */
    public static String normal(String region) {
        return region.strip().toUpperCase(Locale.ROOT);
    }
}
