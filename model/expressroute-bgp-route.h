// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BGP_ROUTE_H
#define EXPRESSROUTE_BGP_ROUTE_H

// A route as BGP holds it in its RIBs, and the decision process of RFC 4271 §9.1 as an ordered
// list of small compare steps that names the step that decided.
//
// RFC 4271 §9.1.2.2, paraphrased: among the feasible routes to a prefix, prefer the highest
// degree of preference (here: weight, then LOCAL_PREF), then the shortest AS_PATH, the lowest
// ORIGIN, the lowest MULTI_EXIT_DISC among routes from the same neighbouring AS, routes learned
// by eBGP over iBGP, the lowest interior cost to the NEXT_HOP, and finally the lowest BGP
// identifier and peer address.
//
// Deviations and additions:
//  - Weight comes first: the router-local preference that Azure exposes as the connection
//    weight of a gateway connection (references.md §3, DR), as vendors place it.
//  - MED is compared only between routes from the same neighbouring AS and the scan is in a
//    fixed order (peer address), so the result is deterministic (RFC 4271 notes MED is not
//    transitive).
//  - Multipath: routes equal to the best through the IGP-cost step and from the same
//    neighbouring AS are installed together (equal-cost multipath), as Azure balances per flow
//    over both links of a circuit (references.md §3, HA).

#include "expressroute-bgp-message.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// A path as the decision process sees it.
struct BgpRoute
{
    Ipv4Prefix prefix;
    BgpPathAttributes attributes;
    uint32_t weight{0};        ///< router-local; Azure's connection weight
    uint32_t peerAsn{0};       ///< 0 for locally originated routes
    uint32_t peerRouterId{0};
    uint32_t peerAddress{0};
    bool ebgp{true};
    uint32_t igpCost{0};       ///< cost to reach the NEXT_HOP
    bool local{false};         ///< originated by this router
    int32_t sourcePeer{-1};    ///< index of the speaker's peer it came from, -1 if local
    /// Router-local: extra copies of the local ASN this route gets when it goes to an external
    /// peer, counted in its AS path length here too (BgpPeerPolicy::importPrepend: a drained
    /// link's routes look longer to this router and to the external peers it passes them to).
    uint32_t importPrepend{0};

    /// AS path length as this router compares it: the received one plus importPrepend.
    uint32_t AsPathLength() const { return attributes.AsPathLength() + importPrepend; }

    /// The effective LOCAL_PREF (100 when absent, RFC 4271 §5.1.5 common default).
    uint32_t LocalPref() const { return attributes.localPref.value_or(100); }
};

/// The compare steps, in order. The name of the deciding step travels with BestPathChanged.
enum class BgpDecisionStep
{
    OnlyRoute,   ///< a single candidate
    Local,       ///< locally originated routes win
    Weight,
    LocalPref,
    AsPathLength,
    Origin,
    Med,
    EbgpOverIbgp,
    IgpCost,
    RouterId,
    PeerAddress,
    Multipath,   ///< equal to the best: installed beside it
    Withdrawn,   ///< no route left
};

std::string ToString(BgpDecisionStep step);

/// Outcome of comparing two routes: which is better and the step that decided.
struct BgpComparison
{
    bool firstIsBetter{true};
    BgpDecisionStep step{BgpDecisionStep::PeerAddress};
};

/// Compares two routes to the same prefix with the ordered steps.
BgpComparison CompareBgpRoutes(const BgpRoute& a, const BgpRoute& b);

/// The selection among candidates.
struct BgpSelection
{
    int best{-1};                 ///< index into the candidates, -1 if none
    BgpDecisionStep reason{BgpDecisionStep::Withdrawn};
    std::vector<int> multipath;   ///< indices installed together, the best first
};

/**
 * Selects the best route among @p candidates (all for the same prefix) and the equal-cost
 * routes to install beside it, at most @p maxPaths in total. The reason is the step at which the
 * best beat the runner-up.
 */
BgpSelection SelectBgpRoutes(const std::vector<BgpRoute>& candidates, uint32_t maxPaths);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BGP_ROUTE_H
