// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_IGP_H
#define EXPRESSROUTE_IGP_H

// The interior routing of Microsoft's network (backbone, MSEE attachments, gateway links) as a
// link-state IGP would behave: when an interface on an infrastructure link goes down or up,
// every router recomputes its shortest paths after the SPF delay (Boost.Graph Dijkstra over
// the links that are up), and the BGP speakers of Microsoft's routers re-resolve their next
// hops (next-hop tracking), so that routes whose next hop became unreachable leave the
// decision at once instead of waiting for a BGP hold timer.

#include "expressroute-route-computer.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

class BgpSpeaker;
class Topology;

class Igp : public Object
{
  public:
    static TypeId GetTypeId();
    Igp();
    ~Igp() override;

    /// Computes and installs the routes of @p targets now, and recomputes them after every
    /// interface change on an infrastructure link. @p filter keeps links that may carry
    /// routes regardless of their state (e.g. only provisioned circuits).
    void Configure(Ptr<Topology> topology,
                   std::vector<RouteComputer::Target> targets,
                   std::function<bool(std::size_t)> filter);
    /**
     * Origin @p origin of target @p target holds the prefix only while @p speaker, the BGP
     * speaker of that node, has a best path for it: a prefix Microsoft learns from a customer
     * on one MSEE and carries through its network (redistributed, as over its iBGP). From now
     * until the speaker first has the route, and whenever it loses it, the origin is withdrawn;
     * each change reaches the other routers after SpfDelay.
     */
    void FollowBgpRoute(std::size_t target, uint32_t origin, Ptr<BgpSpeaker> speaker);
    /// Recomputes at once (also called after the SPF delay).
    void Recompute();
    uint32_t GetRecomputations() const { return m_recomputations; }

  protected:
    void DoDispose() override;

  private:
    void InterfaceChanged(uint32_t node, uint32_t interface, bool down);
    /// Recomputes after SpfDelay, unless a recomputation is pending already.
    void ScheduleRecompute();
    /// A best path of the BGP speaker of node @p origin changed: the origin's followed targets
    /// of @p prefix are withdrawn or announced.
    void BestPathChanged(uint32_t origin, const std::string& prefix, bool withdrawn);

    Topology* m_topology{nullptr}; ///< the owner: no reference cycle
    Ptr<RouteComputer> m_computer;
    std::vector<RouteComputer::Target> m_targets;
    /// For a target that is the subnet of an infrastructure link, that link: while the link is
    /// down neither end announces the subnet.
    std::map<std::size_t, std::size_t> m_subnetLink;
    /// (target, origin) withdrawn while its BGP speaker has no route (FollowBgpRoute).
    std::set<std::pair<std::size_t, uint32_t>> m_withdrawn;
    /// Per followed origin, its targets by prefix (one trace connection per speaker).
    std::map<uint32_t, std::map<std::string, std::vector<std::size_t>>> m_followed;
    std::function<bool(std::size_t)> m_filter;
    std::map<std::pair<uint32_t, uint32_t>, std::size_t> m_linkOf; ///< (node, interface) -> link
    Time m_spfDelay;
    bool m_pending{false};
    uint32_t m_recomputations{0};
    TracedCallback<uint32_t> m_reconverged;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_IGP_H
