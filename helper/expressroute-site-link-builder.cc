// SPDX-License-Identifier: GPL-2.0-only
// TopologyBuilder, the customer's WAN (the scenario's siteLinks): a point-to-point link
// "wan/<name>" between the first CE router of each of the two sites, at the link's bandwidth,
// with the link's delay or, when it gives none, the delay of terrestrial fibre over the sites'
// great-circle distance (Backbone::GetAttachmentDelay, the factor the circuits' site-to-location
// delay uses). Over it the two CEs run eBGP (the loader refuses sites of one ASN) in private
// peering's routing domain, so that each CE learns the other site's prefixes and the VNets the
// other site's circuits reach, and passes them on to its own MSEEs.
//
// Why the direct circuit wins while it is up (RFC 4271 §9.1.2.2 b, AS_PATH length):
//  - Microsoft's gateway hears Chicago's prefixes from Chicago's circuit as [12076 65010] and
//    from Dallas's as [12076 65020 65010]: it prefers Chicago's own circuit;
//  - Chicago's CE hears a VNet from its MSEE as [12076 65515] and from Dallas's CE as
//    [65020 12076 65515]: it prefers its own circuit.
// No loops: a CE refuses a route with its own ASN in the path (Dallas never takes its own
// prefixes back from Chicago), and the MSEEs refuse routes that already crossed 12076.
// With two CE routers per site the WAN lands on CE 1; CE 2 learns its routes over the site's
// iBGP (expressroute-bgp-builder.cc).
#include "expressroute-bfd.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-customer-site.h"
#include "expressroute-geography.h"
#include "expressroute-peering.h"
#include "expressroute-topology-builder.h"

#include "ns3/log.h"

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSiteLinkBuilder");

void
TopologyBuilder::BuildSiteLinks(const Scenario& scenario)
{
    auto backbone = m_topology->GetBackbone();
    for (const auto& l : scenario.siteLinks)
    {
        auto a = m_topology->GetSite(l.siteA);
        auto b = m_topology->GetSite(l.siteB);
        const double km = Geography::GreatCircleKm(a->GetLatitude(),
                                                   a->GetLongitude(),
                                                   b->GetLatitude(),
                                                   b->GetLongitude());
        Topology::Link proto;
        proto.name = "wan/" + l.name;
        proto.kind = LinkKind::Wan;
        proto.rate = DataRate(l.bandwidthBps);
        proto.delay = l.delay.value_or(backbone->GetAttachmentDelay(km));
        Connect(proto, a->GetCeRouters().front(), b->GetCeRouters().front(), {NextInfraPair()}, 30);
        NS_LOG_INFO("site_link=" << l.name << " km=" << km
                                 << " delay_us=" << proto.delay.GetMicroSeconds());
    }
}

void
TopologyBuilder::BuildSiteLinkBgp(const Scenario& scenario)
{
    // Timers, and BFD unless the link says otherwise, as a CE's private peering has them (the
    // Peering attributes' defaults): one customer router, one configuration habit.
    auto habit = CreateObject<Peering>();
    const bool bfdDefault = habit->IsBfdEnabled();
    for (const auto& l : scenario.siteLinks)
    {
        const auto& link = m_topology->GetLinks()[*m_topology->FindLink("wan/" + l.name)];
        auto a = m_topology->GetSite(l.siteA);
        auto b = m_topology->GetSite(l.siteB);
        auto sideOf = [&l, &habit](Ptr<CustomerSite> site) {
            SessionSide s{site->GetCeRouters().front(), site->GetAsn()};
            s.config.name = "wan/" + l.name;
            s.config.holdTime = habit->GetHoldTime();
            s.config.keepaliveTime = habit->GetKeepaliveTime();
            s.config.connectRetryTime = habit->GetConnectRetryTime();
            // Private peering's domain only: Microsoft peering's routes stay off the WAN.
            s.config.vrfs = {ToString(PeeringType::AzurePrivate)};
            return s;
        };
        const auto [peerA, peerB] =
            AddSession(sideOf(a), Ipv4Address(link.addrA), sideOf(b), Ipv4Address(link.addrB));
        if (l.bfd.value_or(bfdDefault))
        {
            for (const auto& [node, peer] : {std::make_pair(a->GetCeRouters().front(), peerA),
                                             std::make_pair(b->GetCeRouters().front(), peerB)})
            {
                m_topology->GetBgpSpeaker(node->GetId())->AttachBfd(peer, BfdAgentOf(node));
            }
        }
    }
}

} // namespace expressroute
} // namespace ns3
