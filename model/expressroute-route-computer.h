// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_ROUTE_COMPUTER_H
#define EXPRESSROUTE_ROUTE_COMPUTER_H

// Link-state shortest-path routes over the built topology, computed with Boost.Graph's Dijkstra
// (one multi-source search per destination prefix) and installed into each router's FibRouting
// with every equal-cost next hop. Never ns-3's GlobalRouteManager: that recomputes everything
// from a static singleton in zero time and does not scale (references.md §12, ns3-debian-notes).
//
// Routing rules of the model: hosts, customer edges and gateways do not carry transit traffic
// (ExpressRoute is not a transit network, references.md §3 RT); links of a circuit that is not
// provisioned carry nothing (§10 WF); a prefix is installed only on the nodes the caller lists,
// which is how the reach of a circuit's SKU and its VNet links is expressed until BGP carries
// the edge routes.

#include "expressroute-fib.h"
#include "expressroute-ipv4-prefix.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <functional>
#include <set>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Topology;

/**
 * Computes and installs shortest-path routes.
 */
class RouteComputer : public Object
{
  public:
    /// One destination: a prefix, the nodes that own it, and the nodes that learn it.
    struct Target
    {
        Ipv4Prefix prefix;
        std::vector<uint32_t> origins; ///< node ids where the prefix lives
        std::set<uint32_t> installOn;  ///< node ids that get a route
        std::set<std::size_t> excludeLinks; ///< links this prefix may not cross (other VRFs)
    };

    static TypeId GetTypeId();

    /// Links for which this returns false are ignored (failed, or circuit not provisioned).
    void SetLinkFilter(std::function<bool(std::size_t linkIndex)> filter);

    /**
     * Computes every target's routes over @p topology and installs them as RouteSource::Igp
     * (replacing earlier Igp routes of the same prefixes). Returns the number of FIB entries
     * installed.
     */
    std::size_t Compute(Ptr<Topology> topology, const std::vector<Target>& targets) const;

  private:
    std::function<bool(std::size_t)> m_linkFilter;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_ROUTE_COMPUTER_H
