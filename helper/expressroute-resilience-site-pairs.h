// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_SITE_PAIRS_H
#define EXPRESSROUTE_RESILIENCE_SITE_PAIRS_H

// Site-to-site pairs of the resilience analysis (doc/resilience.md): two sites whose circuits
// Global Reach joins. In the model (helper/expressroute-bgp-builder.cc) Global Reach is iBGP
// between the two circuits' MSEEs of the same role, passing only the customers' routes, so a
// site reaches the other over role k when both circuits' legs of role k are up and the backbone
// joins their attachment regions; it never gives a site a path to a VNet. When Global Reach is
// down, two VPN connections of the sites to one VNet's VPN gateway carry the pair (the gateway
// passes routes between its tunnels; LOCAL_PREF 50, so only then). A site link between the two
// sites (the customer's WAN) is preferred to both. Single failures only: the
// pairs are few and their answer is a list, not an enumeration.

#include "expressroute-resilience-graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// One path between two sites.
struct SitePath
{
    bool vpn{false};  ///< false: Global Reach, one link role of both circuits, or the WAN
    bool wan{false};  ///< a site link between the two sites (preferred: the shortest AS_PATH)
    std::string name; ///< the Global Reach connection and role, or the two VPN connections
    std::vector<uint32_t> elements; ///< non-backbone elements it needs (sorted)
    /// Global Reach: the two MSEEs' attachment regions, which the backbone must join. VPN: the
    /// VNet's region twice (its VPN gateway lives there).
    uint32_t regionA{0};
    uint32_t regionB{0};
    uint64_t capacityBps{0}; ///< VPN: the VPN's; Global Reach: the smaller circuit's bandwidth
    double rttS{0};          ///< host to host, from the simulator's delay model
};

/// Two sites joined by Global Reach, with every path between them: Global Reach first (preferred).
struct SitePair
{
    uint32_t siteA{0};
    uint32_t siteB{0};
    std::vector<SitePath> paths;
};

/// A site pair's state under a failure set: the path it uses, or none.
struct SitePairState
{
    bool reachable{false};
    uint32_t path{kNoIndex}; ///< index into SitePair::paths
};

/// What single failures do to one site pair.
struct SitePairFinding
{
    uint32_t pair{0};
    std::vector<uint32_t> cutBy;  ///< elements whose failure alone cuts it
    std::vector<uint32_t> vpnBy;  ///< elements whose failure alone moves it to a VPN
    std::string text;             ///< the digest sentence
};

/// The site pairs of the graph's Global Reach connections, in connection order, one per pair
/// of sites.
std::vector<SitePair> BuildSitePairs(const ResilienceGraph& graph);

/// The state of @p pair with @p failed (sorted) down and @p view the backbone without them.
SitePairState EvaluateSitePair(const SitePair& pair,
                               const std::vector<uint32_t>& failed,
                               const BackboneView& view);

/// Every single failure's effect on every site pair, with the digest sentences.
std::vector<SitePairFinding> FindSitePairFindings(const ResilienceGraph& graph,
                                                  const std::vector<SitePair>& pairs);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_SITE_PAIRS_H
