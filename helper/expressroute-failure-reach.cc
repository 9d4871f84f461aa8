// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-reach.h"

#include "expressroute-failure.h"
#include "expressroute-path-kind.h"
#include "expressroute-run-recorder.h"
#include "expressroute-topology.h"
#include "expressroute-workload.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <set>

namespace ns3
{
namespace expressroute
{

namespace
{
/// Source ports tried for each probe, so that a router's per-flow ECMP choice between equal
/// paths is covered whichever port the probe's socket took (ns-3's first ephemeral ports).
constexpr uint16_t kFirstPort = 49153;
constexpr uint16_t kPortsTried = 8;
constexpr uint16_t kProbePort = 8084;

/// Equal-cost alternatives in one phrase, in name order: "ExpressRoute via Amsterdam or London"
/// for "ExpressRoute via London" and "ExpressRoute via Amsterdam".
std::string
JoinAlternatives(std::vector<std::string> kinds)
{
    std::sort(kinds.begin(), kinds.end());
    std::string out;
    std::string lastHead;
    for (const auto& kind : kinds)
    {
        const auto via = kind.rfind(" via ");
        const std::string head = via == std::string::npos ? kind : kind.substr(0, via + 5);
        if (!out.empty() && via != std::string::npos && head == lastHead)
        {
            out += " or " + kind.substr(via + 5);
        }
        else
        {
            out += (out.empty() ? "" : " or ") + kind;
        }
        lastHead = via == std::string::npos ? "" : head;
    }
    return out;
}
} // namespace

std::shared_ptr<std::vector<FailureReach>>
WatchFailureReach(const Scenario& scenario,
                  Ptr<Topology> topology,
                  const std::vector<Ptr<Failure>>& failures,
                  Time origin,
                  Time runEnd,
                  std::function<void()>* stoppedNow)
{
    auto out = std::make_shared<std::vector<FailureReach>>();
    struct ProbeEnds
    {
        std::string name;
        Endpoint src;
        Endpoint dst;
        std::string dstName;
    };
    auto probes = std::make_shared<std::vector<ProbeEnds>>();
    for (const auto& p : scenario.probes)
    {
        // As InstallWorkload sends them: to a VNet from the site's host, to a Microsoft
        // service (Microsoft peering) from the site's public host.
        const Endpoint src = p.service.empty() ? ResolveEndpoint(topology, p.site)
                                               : ResolvePublicHost(topology, p.site);
        const Endpoint dst = p.service.empty() ? ResolveEndpoint(topology, p.vnet)
                                               : ResolveService(topology, p.service);
        probes->push_back({p.name, src, dst, topology->GetNodeName(dst.node->GetId())});
    }
    // Every probe's circuit links there and back (over the ports tried), now.
    std::set<std::size_t> sampled;
    for (std::size_t l : SampledLinks(topology))
    {
        sampled.insert(l);
    }
    auto circuitLinks = [probes, topology, sampled]() {
        std::vector<std::set<std::string>> all;
        const auto& links = topology->GetLinks();
        for (const auto& p : *probes)
        {
            std::set<std::string> names;
            for (uint16_t k = 0; k < kPortsTried; ++k)
            {
                for (int back = 0; back < 2; ++back)
                {
                    const Endpoint& a = back ? p.dst : p.src;
                    const Endpoint& b = back ? p.src : p.dst;
                    std::vector<std::size_t> crossed;
                    topology->TracePath(a.node->GetId(), a.address, b.address, 17,
                                        back ? kProbePort : kFirstPort + k,
                                        back ? kFirstPort + k : kProbePort, &crossed);
                    for (std::size_t l : crossed)
                    {
                        const auto& n = links[l].name;
                        const char dir = back ? '<' : '>'; // each direction apart
                        if (links[l].kind == LinkKind::Circuit)
                        {
                            names.insert(n.substr(8) + dir); // "circuit/" off
                        }
                        else if (links[l].kind == LinkKind::Wan)
                        {
                            names.insert(n.substr(4) + "/wan" + dir); // as links.csv names it
                        }
                        else if (sampled.count(l))
                        {
                            // a VPN tunnel, as links.csv names it: "<connection>/vpn"
                            names.insert(n.substr(9, n.size() - 14) + "/vpn" + dir);
                        }
                    }
                }
            }
            all.push_back(std::move(names));
        }
        return all;
    };
    // Every probe's path kind there (the kinds of the ports tried, " or " between different
    // ones), into slot @p slot of failure @p i's reach.
    auto pathKinds = [probes, topology, out](std::size_t i, std::size_t slot) {
        for (const auto& p : *probes)
        {
            std::vector<std::string> kinds;
            for (uint16_t k = 0; k < kPortsTried; ++k)
            {
                const auto kind = DescribePathKind(
                    topology->TracePath(p.src.node->GetId(), p.src.address, p.dst.address, 17,
                                        kFirstPort + k, kProbePort),
                    p.dstName);
                if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
                {
                    kinds.push_back(kind);
                }
            }
            (*out)[i].pathKinds[p.name][slot] = JoinAlternatives(kinds);
        }
    };
    // Which failures have their paths "during" (slot 1) looked at.
    auto during = std::make_shared<std::vector<bool>>(failures.size(), false);
    if (stoppedNow)
    {
        *stoppedNow = [out, during, probes, circuitLinks, pathKinds, origin]() {
            const double now = (Simulator::Now() - origin).GetSeconds();
            std::vector<std::set<std::string>> links; // traced once, for every failure under way
            for (std::size_t i = 0; i < out->size() && i < during->size(); ++i)
            {
                if (!(*during)[i] && (*out)[i].startS <= now)
                {
                    pathKinds(i, 1);
                    if (links.empty())
                    {
                        links = circuitLinks();
                    }
                    for (std::size_t p = 0; p < links.size(); ++p)
                    {
                        for (const auto& name : links[p])
                        {
                            (*out)[i].linksDuring[(*probes)[p].name].insert(
                                name.substr(0, name.size() - 1));
                        }
                    }
                    (*during)[i] = true;
                }
            }
        };
    }
    auto before = std::make_shared<std::vector<std::vector<std::set<std::string>>>>(failures.size());
    for (std::size_t i = 0; i < failures.size() && i < scenario.failures.size(); ++i)
    {
        const auto& spec = scenario.failures[i];
        Ptr<Failure> failure = failures[i];
        FailureReach entry;
        entry.kind = failure->GetKind();
        entry.target = failure->GetTarget();
        entry.startS = spec.start.GetSeconds();
        out->push_back(std::move(entry));
        // The circuit links of the paths that changed: before the start against just before it
        // clears (or the end of the run).
        const Time end = spec.duration ? std::min(runEnd, spec.start + *spec.duration) : runEnd;
        Simulator::Schedule(std::max(Time(0), origin + spec.start - NanoSeconds(1) - Simulator::Now()),
                            [before, i, circuitLinks, pathKinds]() {
                                (*before)[i] = circuitLinks();
                                pathKinds(i, 0);
                            });
        if (end > spec.start)
        {
            Simulator::Schedule(std::max(Time(0), origin + end - NanoSeconds(1) - Simulator::Now()),
                                [before, out, during, i, probes, circuitLinks, pathKinds]() {
                                    pathKinds(i, 1);
                                    (*during)[i] = true;
                                    const auto after = circuitLinks();
                                    auto& reach = (*out)[i];
                                    for (std::size_t p = 0; p < after.size(); ++p)
                                    {
                                        auto& on = reach.linksDuring[(*probes)[p].name];
                                        for (const auto& name : after[p])
                                        {
                                            on.insert(name.substr(0, name.size() - 1));
                                        }
                                        if (p < (*before)[i].size() && after[p] != (*before)[i][p])
                                        {
                                            const std::set<std::string>* was = &(*before)[i][p];
                                            const std::set<std::string>* now = &after[p];
                                            for (const auto* set : {was, now})
                                            {
                                                for (const auto& name : *set)
                                                {
                                                    reach.movedLinks.insert(
                                                        name.substr(0, name.size() - 1));
                                                }
                                            }
                                        }
                                    }
                                    reach.movedKnown = true;
                                });
        }
        if (spec.duration && spec.start + *spec.duration < runEnd)
        {
            // Back after the clear: just before the next failure starts, or the end.
            const Time cleared = spec.start + *spec.duration;
            Time next = runEnd;
            for (const auto& other : scenario.failures)
            {
                if (other.start > cleared && other.start < next)
                {
                    next = other.start;
                }
            }
            Simulator::Schedule(std::max(Time(0), origin + next - NanoSeconds(1) - Simulator::Now()),
                                [i, pathKinds]() { pathKinds(i, 2); });
        }
        const Time at = origin + spec.start - NanoSeconds(1) - Simulator::Now();
        Simulator::Schedule(std::max(Time(0), at), [out, i, failure, probes, topology]() {
            std::vector<std::size_t> links;
            std::vector<uint32_t> nodes;
            auto& reach = (*out)[i];
            if (!failure->GetReach(links, nodes))
            {
                return; // the kind cannot say: the summary falls back to the time rule
            }
            reach.known = true;
            const std::set<std::size_t> linkSet(links.begin(), links.end());
            const std::set<uint32_t> nodeSet(nodes.begin(), nodes.end());
            std::set<std::string> nodeNames;
            for (uint32_t n : nodes)
            {
                nodeNames.insert(topology->GetNodeName(n));
            }
            // The circuit links it acts on: its circuit (and access) links, and those that end
            // on its nodes (an MSEE, a CE, a provider edge).
            const auto& all = topology->GetLinks();
            for (std::size_t l = 0; l < all.size(); ++l)
            {
                const auto& link = all[l];
                if ((link.kind == LinkKind::Circuit || link.kind == LinkKind::Access) &&
                    !link.circuit.empty() &&
                    (linkSet.count(l) || nodeSet.count(link.nodeA) || nodeSet.count(link.nodeB)))
                {
                    reach.circuitLinks.insert(link.circuit + "/" + ToString(link.role));
                }
            }
            for (const auto& p : *probes)
            {
                bool on = false;
                for (uint16_t k = 0; k < kPortsTried && !on; ++k)
                {
                    for (int back = 0; back < 2 && !on; ++back)
                    {
                        const Endpoint& a = back ? p.dst : p.src;
                        const Endpoint& b = back ? p.src : p.dst;
                        std::vector<std::size_t> crossed;
                        const auto names = topology->TracePath(a.node->GetId(), a.address,
                                                               b.address, 17,
                                                               back ? kProbePort : kFirstPort + k,
                                                               back ? kFirstPort + k : kProbePort,
                                                               &crossed);
                        on = std::any_of(crossed.begin(), crossed.end(),
                                         [&](std::size_t l) { return linkSet.count(l) > 0; }) ||
                             std::any_of(names.begin(), names.end(), [&](const std::string& n) {
                                 return nodeNames.count(n) > 0;
                             });
                    }
                }
                if (on)
                {
                    reach.probes.insert(p.name);
                }
            }
        });
    }
    return out;
}

} // namespace expressroute
} // namespace ns3
