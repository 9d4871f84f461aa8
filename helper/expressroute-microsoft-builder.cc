// SPDX-License-Identifier: GPL-2.0-only
// TopologyBuilder, part 5: Microsoft peering's data plane (references.md §5). Behind the stand-in
// prefix of each region's services (expressroute-communities.h) sits a service endpoint
// attached to the region's backbone router; a site with Microsoft peering gets a public host
// numbered from its first advertised public prefix (the address its NAT would give a private
// host). Microsoft's interior routing carries the service prefixes to every Microsoft router
// and the customer's public prefixes to the MSEEs of its Microsoft peering; the customer's
// edge reaches a service prefix only if its route filter lets the route through.
#include "expressroute-backbone.h"
#include "expressroute-circuit.h"
#include "expressroute-communities.h"
#include "expressroute-customer-site.h"
#include "expressroute-igp.h"
#include "expressroute-msee.h"
#include "expressroute-peering.h"
#include "expressroute-topology-builder.h"

#include <set>

namespace ns3
{
namespace expressroute
{

void
TopologyBuilder::BuildMicrosoftPeering(const Scenario& scenario)
{
    m_microsoftTargets.clear();
    m_customerPublicTargets.clear();
    // Regions with services: those the probes name and those route filters select.
    std::set<std::string> regions;
    for (const auto& p : scenario.probes)
    {
        if (!p.service.empty())
        {
            regions.insert(p.service);
        }
    }
    for (const auto& c : scenario.circuits)
    {
        for (const auto& peering : c.peerings)
        {
            for (uint32_t community : peering.routeFilter.value_or(std::vector<uint32_t>{}))
            {
                for (const auto& region : RegionsWithCommunity())
                {
                    if (RegionalCommunity(region) == community)
                    {
                        regions.insert(region);
                    }
                }
            }
        }
    }
    std::set<uint32_t> microsoft;
    for (uint32_t id : m_topology->GetNodeIds())
    {
        const NodeRole role = m_topology->GetNodeRole(id);
        if (role == NodeRole::BackboneRouter || role == NodeRole::Msee || role == NodeRole::ErGateway)
        {
            microsoft.insert(id);
        }
    }
    for (const auto& region : regions)
    {
        auto bb = m_topology->FindNode("bb/" + region);
        if (!bb)
        {
            continue; // a region of the community table without a backbone router
        }
        const Ipv4Prefix prefix = *StandInPrefix(*RegionalCommunity(region));
        auto endpoint = NewNode("microsoft/" + region, NodeRole::RegionHost);
        Topology::Link proto;
        proto.name = "microsoft/" + region;
        proto.kind = LinkKind::Region;
        // In the region's datacenters, as its VNets' gateways: the region's access delay.
        proto.rate = m_topology->GetBackbone()->GetLinkRate();
        proto.delay = m_topology->GetBackbone()->GetAccessDelay(region);
        const std::size_t l = Connect(proto, bb, endpoint, {{prefix.At(1), prefix.At(2)}}, 24);
        AddDefaultRoute(endpoint, {l});
        std::set<uint32_t> install = microsoft;
        install.erase(bb->GetId());
        m_microsoftTargets.push_back({prefix, {bb->GetId(), endpoint->GetId()}, install, {}});
    }
    // Public hosts, and the routes back to the customers' public prefixes.
    for (const auto& c : scenario.circuits)
    {
        auto circuit = m_topology->GetCircuit(c.name);
        auto peering = circuit->GetPeering(PeeringType::Microsoft);
        if (!peering || peering->GetAdvertisedPublicPrefixes().empty())
        {
            continue;
        }
        auto site = m_topology->GetSite(c.site);
        if (!m_topology->FindNode("site/" + c.site + "/public1"))
        {
            AttachHost("site/" + c.site + "/public1",
                       NodeRole::SiteHost,
                       site->GetCeRouters(),
                       peering->GetAdvertisedPublicPrefixes().front(),
                       0,
                       1,
                       c.path + "/peerings");
        }
        std::vector<uint32_t> msees;
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            msees.push_back(circuit->GetLink(role).msee->GetNode()->GetId());
        }
        for (const auto& p : peering->GetAdvertisedPublicPrefixes())
        {
            std::set<uint32_t> install = microsoft;
            for (uint32_t m : msees)
            {
                install.erase(m);
            }
            m_customerPublicTargets.push_back(m_microsoftTargets.size());
            m_microsoftTargets.push_back({p, msees, install, {}});
        }
    }
}

void
TopologyBuilder::PlanMicrosoftRoutes()
{
    m_microsoftTargetsAt = m_targets.size();
    m_targets.insert(m_targets.end(), m_microsoftTargets.begin(), m_microsoftTargets.end());
}

void
TopologyBuilder::FollowCustomerPublicPrefixes()
{
    auto igp = m_topology->GetIgp();
    for (std::size_t i : m_customerPublicTargets)
    {
        for (uint32_t msee : m_microsoftTargets[i].origins)
        {
            igp->FollowBgpRoute(m_microsoftTargetsAt + i, msee, m_topology->GetBgpSpeaker(msee));
        }
    }
}

} // namespace expressroute
} // namespace ns3
