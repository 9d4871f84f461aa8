// SPDX-License-Identifier: GPL-2.0-only
// BgpSpeaker, part 3: the Adj-RIB-Out side. Which routes each peer may receive (routing domains,
// roles, route filters, loops), the attributes they go out with (next-hop-self, prepend, MED,
// communities), the UPDATEs that carry the differences, and the export-prefix limit that takes
// a session down (the gateway towards on-premises). Part 1, expressroute-bgp-speaker.cc: the
// sessions, the Adj-RIBs-In and the decision process.
#include "expressroute-bgp-speaker.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBgpExport");

void
BgpSpeaker::CheckExportLimits(const std::set<Ipv4Prefix>& changed)
{
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        Peer& p = m_peers[i];
        const uint32_t limit = p.config.maxExportPrefixes;
        if (limit == 0 || !m_running)
        {
            continue;
        }
        // Only the prefixes that changed can change what this peer would receive.
        for (const auto& prefix : changed)
        {
            if (ExportAttributes(i, prefix))
            {
                p.exportable.insert(prefix);
            }
            else
            {
                p.exportable.erase(prefix);
            }
        }
        const auto count = static_cast<uint32_t>(p.exportable.size());
        if (count > limit && !p.exportLimited)
        {
            NS_LOG_INFO("peer=" << p.config.name << " export-prefixes=" << count
                                << " limit=" << limit << " action=shutdown");
            p.exportLimited = true;
            m_prefixLimitExceeded(p.config.name, count, limit);
            p.session->Stop({bgperr::kCease, bgperr::kOutOfResources, {}});
        }
        else if (count <= limit && p.exportLimited)
        {
            NS_LOG_INFO("peer=" << p.config.name << " export-prefixes=" << count
                                << " limit=" << limit << " action=restart");
            p.exportLimited = false;
            p.session->Start();
        }
    }
}

bool
BgpSpeaker::MayExport(uint32_t peer, const BgpRoute& route) const
{
    const Peer& p = m_peers[peer];
    if (p.policy.exportCommunities &&
        std::none_of(route.attributes.communities.begin(), route.attributes.communities.end(),
                     [&p](uint32_t c) {
                         const auto& allowed = *p.policy.exportCommunities;
                         return std::find(allowed.begin(), allowed.end(), c) != allowed.end();
                     }))
    {
        return false; // not selected by the peer's route filter
    }
    auto shareDomain = [&p](const std::vector<std::string>& vrfs) {
        return vrfs.empty() || p.config.vrfs.empty() ||
               std::any_of(vrfs.begin(), vrfs.end(), [&p](const std::string& v) {
                   return std::find(p.config.vrfs.begin(), p.config.vrfs.end(), v) !=
                          p.config.vrfs.end();
               });
    };
    if (route.local)
    {
        auto o = m_originated.find(route.prefix);
        return o == m_originated.end() || shareDomain(o->second.vrfs);
    }
    if (route.peerAddress == p.config.peerAddress.Get())
    {
        return false; // not back to the peer it came from
    }
    const bool ebgp = p.config.peerAsn != m_asn;
    if (!ebgp && !route.ebgp)
    {
        return false; // iBGP-learned routes are not passed to iBGP peers
    }
    if (ebgp && route.attributes.AsPathContains(p.config.peerAsn))
    {
        return false; // the peer would drop it as a loop
    }
    if (ebgp && std::find(route.attributes.communities.begin(),
                          route.attributes.communities.end(),
                          kBgpNoExport) != route.attributes.communities.end())
    {
        return false; // NO_EXPORT (RFC 1997)
    }
    if (route.sourcePeer >= 0)
    {
        const BgpPeerConfig& from = m_peers[route.sourcePeer].config;
        if (!(p.config.exportRoles >> static_cast<uint32_t>(from.role) & 1u))
        {
            return false;
        }
        if (!shareDomain(from.vrfs))
        {
            return false; // another circuit's routing domain
        }
    }
    return true;
}

std::optional<BgpPathAttributes>
BgpSpeaker::ExportAttributes(uint32_t peer, const Ipv4Prefix& prefix) const
{
    const Peer& p = m_peers[peer];
    auto it = m_locRib.find(prefix);
    if (it == m_locRib.end() || it->second.routes.empty())
    {
        return std::nullopt;
    }
    // The best route this peer may receive: the Loc-RIB's best when it may; otherwise the
    // decision process over the routes it may receive (a per-domain best path, as a VRF has).
    const BgpRoute* best = &it->second.routes.front(); // its attributes are copied once, below
    std::vector<BgpRoute> allowed;
    if (!MayExport(peer, *best))
    {
        for (const auto& q : m_peers)
        {
            auto r = q.ribIn.find(prefix);
            if (r != q.ribIn.end() && MayExport(peer, r->second) && Feasible(r->second))
            {
                allowed.push_back(r->second);
            }
        }
        const BgpSelection s = SelectBgpRoutes(allowed, 1);
        if (s.best < 0)
        {
            return std::nullopt;
        }
        best = &allowed[s.best];
    }
    const bool ebgp = p.config.peerAsn != m_asn;
    BgpPathAttributes a = best->attributes;
    a.origin = a.origin.value_or(BgpOrigin::Igp);
    a.nextHop = p.config.localAddress.Get(); // next-hop-self
    if (ebgp)
    {
        std::vector<uint32_t> prepend(1 + p.policy.prepend + best->importPrepend, m_asn);
        auto path = a.asPath.value_or(std::vector<BgpAsPathSegment>{});
        if (!path.empty() && path.front().type == BgpAsPathSegment::kSequence)
        {
            path.front().asns.insert(path.front().asns.begin(), prepend.begin(), prepend.end());
        }
        else
        {
            path.insert(path.begin(), BgpAsPathSegment{BgpAsPathSegment::kSequence, prepend});
        }
        a.asPath = path;
        a.localPref.reset();
        a.med = p.policy.med; // MED is not passed on between ASes
    }
    else
    {
        a.localPref = best->LocalPref();
        a.asPath = a.asPath.value_or(std::vector<BgpAsPathSegment>{});
    }
    for (uint32_t c : p.policy.communities)
    {
        if (std::find(a.communities.begin(), a.communities.end(), c) == a.communities.end())
        {
            a.communities.push_back(c);
        }
    }
    return a;
}

void
BgpSpeaker::Export(uint32_t peer, const std::set<Ipv4Prefix>& prefixes)
{
    Peer& p = m_peers[peer];
    if (!p.session->IsEstablished())
    {
        return;
    }
    std::vector<Ipv4Prefix> withdrawn;
    struct Group
    {
        BgpPathAttributes attributes;
        std::size_t size{0}; // the UPDATE's bytes without its prefixes
        std::vector<Ipv4Prefix> prefixes;
    };
    std::map<std::vector<uint8_t>, Group> groups;
    auto withdraw = [&](const Ipv4Prefix& prefix, std::map<Ipv4Prefix, BgpPathAttributes>::iterator sent) {
        if (sent != p.ribOut.end())
        {
            withdrawn.push_back(prefix);
            p.ribOut.erase(sent);
        }
    };
    for (const auto& prefix : prefixes)
    {
        auto attrs = ExportAttributes(peer, prefix);
        auto sent = p.ribOut.find(prefix);
        if (!attrs)
        {
            withdraw(prefix, sent);
            continue;
        }
        if (sent != p.ribOut.end() && sent->second == *attrs)
        {
            continue;
        }
        // Group prefixes with identical attributes into shared UPDATEs.
        BgpUpdate key;
        key.attributes = std::move(*attrs);
        auto [group, fresh] = groups.try_emplace(EncodeBgpMessage(key));
        if (fresh)
        {
            group->second.size = UpdateSizeWithoutPrefixes(key.attributes);
            group->second.attributes = std::move(key.attributes);
        }
        if (group->second.size + 1 + (prefix.length + 7) / 8 > kBgpMaxMessageSize)
        {
            // Grown past the 4,096 bytes of one message (RFC 4271 §4): the route cannot be
            // sent, and what this peer had of the prefix is withdrawn, as FRR does.
            NS_LOG_WARN("peer=" << p.config.name << " prefix=" << prefix.ToString()
                                << " update-bytes=" << group->second.size << ": not sent");
            m_routeTooLarge(p.config.name, prefix.ToString(),
                            static_cast<uint32_t>(group->second.size));
            withdraw(prefix, sent);
            continue;
        }
        p.ribOut[prefix] = group->second.attributes;
        group->second.prefixes.push_back(prefix);
    }
    // Withdrawals: up to ~800 /32s fit in one UPDATE; keep well under 4,096 bytes.
    for (std::size_t k = 0; k < withdrawn.size(); k += 700)
    {
        BgpUpdate u;
        u.withdrawn.assign(withdrawn.begin() + k,
                           withdrawn.begin() + std::min(withdrawn.size(), k + 700));
        p.session->SendUpdate(u);
    }
    for (auto& [key, group] : groups)
    {
        // Counted as /32s; every prefix fits on its own (above), so at least one per UPDATE.
        const std::size_t per = std::max<std::size_t>(1, MaxPrefixesPerUpdate(group.attributes, 32));
        for (std::size_t k = 0; k < group.prefixes.size(); k += per)
        {
            BgpUpdate u;
            u.attributes = group.attributes;
            u.nlri.assign(group.prefixes.begin() + k,
                          group.prefixes.begin() + std::min(group.prefixes.size(), k + per));
            p.session->SendUpdate(u);
        }
    }
}

} // namespace expressroute
} // namespace ns3
