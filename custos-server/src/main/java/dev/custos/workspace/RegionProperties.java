package dev.custos.workspace;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Regions (TN-05). An installation that keeps data in several regions runs one Custos per region, each on that
 * region's database: {@code home} names the region this one keeps, and every workspace it holds is pinned there.
 *
 * @param home      the region whose workspaces this installation keeps (null: one installation for all, where a
 *                  workspace's region is a label and no provider is refused for it)
 * @param elsewhere the addresses of the installations that keep the other regions, to send people there
 * @param providers for each workspace region, the provider regions content from it may go to (a provider's region
 *                  as registered: EU, US, local...). Unset for a region: its own and {@code local} when a home is
 *                  set, any otherwise
 */
@ConfigurationProperties("custos.regions")
public record RegionProperties(
        Workspace.@Nullable Region home,
        @Nullable Map<Workspace.Region, URI> elsewhere,
        @Nullable Map<Workspace.Region, List<String>> providers) {

    public RegionProperties {
        elsewhere = elsewhere == null ? Map.of() : Map.copyOf(elsewhere);
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }
}
