// SPDX-License-Identifier: GPL-2.0-only
// BgpSpeaker, part 2: the decision process over the Adj-RIBs-In (RFC 4271 §9.1), the Loc-RIB, and
// the FIB it programs (at once, or FibDelay later). Part 1, expressroute-bgp-speaker.cc: the
// sessions and the Adj-RIBs-In; part 3, expressroute-bgp-export.cc: the Adj-RIBs-Out.
#include "expressroute-bgp-speaker.h"

#include "expressroute-fib-routing.h"

#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{
namespace expressroute
{

void
BgpSpeaker::ProgramFib(const Ipv4Prefix& prefix, bool had, bool remove, std::vector<NextHop> hops)
{
    auto apply = [](Ptr<BgpSpeaker> self, Ipv4Prefix p, bool out, const std::vector<NextHop>& h) {
        if (auto routing = self->GetRouting())
        {
            if (out)
            {
                routing->GetFib().Remove(p, RouteSource::Bgp);
            }
            else
            {
                routing->GetFib().Set(p, RouteSource::Bgp, h);
            }
        }
    };
    if (!m_fibDelay.IsStrictlyPositive())
    {
        apply(this, prefix, remove, hops);
        return;
    }
    // A route the FIB does not have yet (the first routes, a prefix back from no route) goes in
    // at once: the delay is that of moving or removing forwarding that exists.
    if (!had)
    {
        ++m_fibAtOnce[prefix];
        apply(this, prefix, remove, hops);
        return;
    }
    // Delayed changes keep their order (each waits the same delay); one made obsolete by a
    // change programmed at once since is dropped.
    const uint64_t atOnce = m_fibAtOnce[prefix];
    Simulator::Schedule(m_fibDelay,
                        [apply, self = Ptr<BgpSpeaker>(this), prefix, remove, atOnce,
                         hops = std::move(hops)]() {
                            if (self->m_fibAtOnce[prefix] != atOnce)
                            {
                                return;
                            }
                            apply(self, prefix, remove, hops);
                            self->m_fibProgrammed(prefix.ToString());
                        });
}

void
BgpSpeaker::MarkDirty(const Ipv4Prefix& prefix)
{
    m_dirty.insert(prefix);
    if (!m_decisionPending)
    {
        m_decisionPending = true;
        Simulator::ScheduleNow(&BgpSpeaker::RunDecision, this);
    }
}

std::vector<NextHop>
BgpSpeaker::Resolve(const std::vector<BgpRoute>& routes) const
{
    std::vector<NextHop> hops;
    auto routing = GetRouting();
    if (!routing)
    {
        return hops;
    }
    for (const auto& r : routes)
    {
        if (r.local || !r.attributes.nextHop)
        {
            continue;
        }
        const uint32_t nh = *r.attributes.nextHop;
        const FibEntry* e = routing->GetFib().Lookup(nh);
        if (!e)
        {
            continue; // next hop unreachable: the route cannot be used
        }
        if (e->source == RouteSource::Connected)
        {
            hops.push_back(NextHop{e->nextHops.front().interface, nh, 0});
        }
        else
        {
            // Recursive: towards the next hop through the interior routes, tunnelled to it.
            for (const auto& h : e->nextHops)
            {
                hops.push_back(NextHop{h.interface, h.gateway, nh});
            }
        }
    }
    return hops;
}

void
BgpSpeaker::RunDecision()
{
    m_decisionPending = false;
    auto routing = GetRouting();
    for (const auto& prefix : m_dirty)
    {
        std::vector<BgpRoute> candidates;
        std::vector<std::vector<NextHop>> candidateHops; ///< resolved once, per candidate
        if (auto o = m_originated.find(prefix); o != m_originated.end())
        {
            BgpRoute local;
            local.prefix = prefix;
            local.local = true;
            local.attributes.origin = BgpOrigin::Igp;
            local.attributes.asPath = std::vector<BgpAsPathSegment>{};
            local.attributes.communities = o->second.communities;
            candidates.push_back(local);
            candidateHops.emplace_back();
        }
        for (const auto& p : m_peers)
        {
            auto it = p.ribIn.find(prefix);
            if (it == p.ribIn.end())
            {
                continue;
            }
            auto hops = Resolve({it->second});
            if (routing && hops.empty())
            {
                continue; // its NEXT_HOP does not resolve: not feasible (RFC 4271 §9.1.2)
            }
            candidates.push_back(it->second);
            candidateHops.push_back(std::move(hops));
        }
        const BgpSelection s = SelectBgpRoutes(candidates, m_maxPaths);
        Selected sel;
        for (int k : s.multipath)
        {
            sel.routes.push_back(candidates[k]);
            sel.hops.insert(sel.hops.end(), candidateHops[k].begin(), candidateHops[k].end());
        }
        sel.reason = s.best < 0 ? BgpDecisionStep::Withdrawn : s.reason;
        auto it = m_locRib.find(prefix);
        const bool had = it != m_locRib.end();
        auto sameRoutes = [](const std::vector<BgpRoute>& a, const std::vector<BgpRoute>& b) {
            if (a.size() != b.size())
            {
                return false;
            }
            for (std::size_t k = 0; k < a.size(); ++k)
            {
                if (!(a[k].attributes == b[k].attributes) || a[k].peerAddress != b[k].peerAddress ||
                    a[k].local != b[k].local || a[k].weight != b[k].weight ||
                    a[k].importPrepend != b[k].importPrepend)
                {
                    return false;
                }
            }
            return true;
        };
        if (s.best < 0)
        {
            if (!had)
            {
                continue;
            }
            m_locRib.erase(it);
            ProgramFib(prefix, true, true, {});
            m_bestPathChanged(prefix.ToString(), "", ToString(BgpDecisionStep::Withdrawn));
            continue;
        }
        if (had && sameRoutes(it->second.routes, sel.routes) && it->second.hops == sel.hops)
        {
            continue;
        }
        ProgramFib(prefix, had, false, sel.hops);
        std::ostringstream hops;
        for (const auto& r : sel.routes)
        {
            hops << (hops.tellp() > 0 ? " " : "")
                 << (r.local ? std::string("local") : FormatIpv4(r.attributes.nextHop.value_or(0)));
        }
        m_bestPathChanged(prefix.ToString(), hops.str(), ToString(sel.reason));
        m_locRib[prefix] = std::move(sel);
    }
    // Every dirty prefix is re-examined for every peer, not only those whose Loc-RIB entry
    // changed: a peer restricted to one routing domain may see a different best path. Export()
    // sends only what differs from the Adj-RIB-Out.
    const std::set<Ipv4Prefix> dirty = std::move(m_dirty);
    m_dirty.clear();
    CheckExportLimits(dirty);
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        Export(i, dirty);
    }
}

} // namespace expressroute
} // namespace ns3
