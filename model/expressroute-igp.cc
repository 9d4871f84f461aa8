// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-igp.h"

#include "expressroute-bgp-speaker.h"
#include "expressroute-fib-routing.h"
#include "expressroute-topology.h"

#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteIgp");
NS_OBJECT_ENSURE_REGISTERED(Igp);

TypeId
Igp::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::Igp")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<Igp>()
            .AddAttribute("SpfDelay",
                          "Wait between an interface change on an infrastructure link and the "
                          "shortest-path recomputation. Microsoft does not publish its backbone "
                          "IGP timers; 50 ms is a common initial SPF delay of link-state IGPs.",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&Igp::m_spfDelay),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("Reconverged",
                            "The interior routes were recomputed: number of FIB entries.",
                            MakeTraceSourceAccessor(&Igp::m_reconverged),
                            "ns3::TracedValueCallback::Uint32");
    return tid;
}

Igp::Igp() = default;
Igp::~Igp() = default;

void
Igp::DoDispose()
{
    m_topology = nullptr;
    m_computer = nullptr;
    m_filter = nullptr;
    Object::DoDispose();
}

void
Igp::Configure(Ptr<Topology> topology,
               std::vector<RouteComputer::Target> targets,
               std::function<bool(std::size_t)> filter)
{
    m_topology = PeekPointer(topology);
    m_targets = std::move(targets);
    m_filter = std::move(filter);
    m_computer = CreateObject<RouteComputer>();
    m_computer->SetLinkFilter([this](std::size_t index) {
        const auto& l = m_topology->GetLinks()[index];
        if (m_filter && !m_filter(index))
        {
            return false;
        }
        return NodeList::GetNode(l.nodeA)->GetObject<Ipv4>()->IsUp(l.ifA) &&
               NodeList::GetNode(l.nodeB)->GetObject<Ipv4>()->IsUp(l.ifB);
    });
    const auto& links = m_topology->GetLinks();
    std::set<uint32_t> watched;
    for (std::size_t i = 0; i < links.size(); ++i)
    {
        const auto& l = links[i];
        if (l.kind != LinkKind::Backbone && l.kind != LinkKind::Attachment &&
            l.kind != LinkKind::Region)
        {
            continue;
        }
        m_linkOf[{l.nodeA, l.ifA}] = i;
        m_linkOf[{l.nodeB, l.ifB}] = i;
        watched.insert(l.nodeA);
        watched.insert(l.nodeB);
    }
    for (uint32_t id : watched)
    {
        auto routing =
            DynamicCast<FibRouting>(NodeList::GetNode(id)->GetObject<Ipv4>()->GetRoutingProtocol());
        if (routing)
        {
            routing->TraceConnectWithoutContext(
                "InterfaceState",
                Callback<void, uint32_t, bool>([this, id](uint32_t interface, bool down) {
                    InterfaceChanged(id, interface, down);
                }));
        }
    }
    std::map<Ipv4Prefix, std::size_t> subnets; ///< /30 of each infrastructure link
    for (const auto& [key, link] : m_linkOf)
    {
        subnets.emplace(Ipv4Prefix{links[link].addrA & Ipv4Prefix::MaskOf(30), 30}, link);
    }
    for (std::size_t t = 0; t < m_targets.size(); ++t)
    {
        auto it = subnets.find(m_targets[t].prefix);
        if (it != subnets.end() && m_targets[t].prefix.Contains(links[it->second].addrB))
        {
            m_subnetLink[t] = it->second;
        }
    }
    m_computer->Compute(topology, m_targets);
}

void
Igp::InterfaceChanged(uint32_t node, uint32_t interface, bool down)
{
    if (!m_linkOf.count({node, interface}) || m_pending)
    {
        return;
    }
    NS_LOG_INFO("node=" << node << " interface=" << interface << (down ? " down" : " up")
                        << " spf-in=" << m_spfDelay.As(Time::MS));
    ScheduleRecompute();
}

void
Igp::ScheduleRecompute()
{
    if (m_pending)
    {
        return;
    }
    m_pending = true;
    Simulator::Schedule(m_spfDelay, &Igp::Recompute, this);
}

void
Igp::FollowBgpRoute(std::size_t target, uint32_t origin, Ptr<BgpSpeaker> speaker)
{
    m_withdrawn.insert({target, origin});
    ScheduleRecompute();
    const bool first = m_followed.count(origin) == 0;
    m_followed[origin][m_targets.at(target).prefix.ToString()].push_back(target);
    if (first)
    {
        speaker->TraceConnectWithoutContext(
            "BestPathChanged",
            Callback<void, std::string, std::string, std::string>(
                [this, origin](std::string prefix, std::string hops, std::string) {
                    BestPathChanged(origin, prefix, hops.empty());
                }));
    }
}

void
Igp::BestPathChanged(uint32_t origin, const std::string& prefix, bool withdrawn)
{
    const auto& byPrefix = m_followed.at(origin);
    const auto targets = byPrefix.find(prefix);
    if (targets == byPrefix.end())
    {
        return;
    }
    bool changed = false;
    for (std::size_t target : targets->second)
    {
        // Another best path leaves the origin holding the prefix: no change.
        changed = withdrawn ? m_withdrawn.insert({target, origin}).second || changed
                            : m_withdrawn.erase({target, origin}) > 0 || changed;
    }
    if (changed)
    {
        NS_LOG_INFO("prefix=" << prefix << " origin=" << origin
                              << (withdrawn ? " withdrawn" : " announced"));
        ScheduleRecompute();
    }
}

void
Igp::Recompute()
{
    m_pending = false;
    ++m_recomputations;
    std::vector<RouteComputer::Target> targets = m_targets;
    for (const auto& [t, link] : m_subnetLink)
    {
        const auto& l = m_topology->GetLinks()[link];
        if (!NodeList::GetNode(l.nodeA)->GetObject<Ipv4>()->IsUp(l.ifA) ||
            !NodeList::GetNode(l.nodeB)->GetObject<Ipv4>()->IsUp(l.ifB))
        {
            targets[t].origins.clear(); // the subnet is gone with its link
        }
    }
    for (const auto& [t, origin] : m_withdrawn)
    {
        auto& origins = targets[t].origins;
        origins.erase(std::remove(origins.begin(), origins.end(), origin), origins.end());
    }
    const uint32_t entries =
        static_cast<uint32_t>(m_computer->Compute(Ptr<Topology>(m_topology), targets));
    NS_LOG_INFO("recomputed entries=" << entries);
    m_reconverged(entries);
    // Next-hop tracking on Microsoft's routers: BGP routes over the backbone re-resolve.
    for (uint32_t id : m_topology->GetBgpNodes())
    {
        const NodeRole role = m_topology->GetNodeRole(id);
        if (role == NodeRole::Msee || role == NodeRole::ErGateway)
        {
            m_topology->GetBgpSpeaker(id)->RefreshNextHops();
        }
    }
}

} // namespace expressroute
} // namespace ns3
