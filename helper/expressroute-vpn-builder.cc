// SPDX-License-Identifier: GPL-2.0-only
// TopologyBuilder, part 4: site-to-site VPN as the alternative or backup to ExpressRoute
// (references.md §7, COEX). Per VNet with VPN connections, a VPN gateway (ASN 65515) beside the
// ExpressRoute gateway on the gateway subnet; per connection, an internet path from the site's
// CE to the VPN gateway (delay from the great-circle distance with a stretch, loss) and an eBGP
// session over the tunnel (IP-in-IP between the two, as the IPsec tunnel's outer header). The
// VPN gateway's data path caps throughput at the SKU (references.md §7). Routes: both gateways and
// the CE prefer ExpressRoute (LOCAL_PREF 50 on what the VPN brings, Microsoft's coexistence
// guidance), so the VPN carries traffic only while ExpressRoute's routes are withdrawn.
#include "expressroute-random-streams.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-customer-site.h"
#include "expressroute-enum-attribute.h"
#include "expressroute-fib-routing.h"
#include "expressroute-er-gateway.h"
#include "expressroute-gateway-data-path.h"
#include "expressroute-geography.h"
#include "expressroute-region.h"
#include "expressroute-topology-builder.h"
#include "expressroute-virtual-network.h"
#include "expressroute-vpn-connection.h"

#include "expressroute-link-impairments.h"

#include "ns3/boolean.h"
#include "ns3/string.h"
#include "ns3/object-factory.h"
#include "ns3/ipv4.h"
#include "ns3/uinteger.h"

#include <map>
#include <set>

namespace ns3
{
namespace expressroute
{

namespace
{

/// LOCAL_PREF of routes learned over the VPN: below the default 100 of ExpressRoute's.
constexpr uint32_t kVpnLocalPref = 50;

uint32_t
Bit(BgpPeerRole role)
{
    return 1u << static_cast<uint32_t>(role);
}

} // namespace

void
TopologyBuilder::BuildVpn(const Scenario& scenario)
{
    m_internetLinks.clear();
    auto geo = m_topology->GetGeography();
    for (const auto& v : scenario.vpnConnections)
    {
        auto vnet = m_topology->GetVnet(v.vnet);
        auto site = m_topology->GetSite(v.site);
        const std::string gwName = "vnet/" + v.vnet + "/vpngw";
        Ptr<Node> vpnGw;
        if (auto existing = m_topology->FindNode(gwName))
        {
            vpnGw = existing;
        }
        else
        {
            vpnGw = NewNode(gwName, NodeRole::VpnGateway);
            Topology::Link subnet;
            subnet.name = "vnet/" + v.vnet + "/gateway-subnet";
            subnet.kind = LinkKind::GatewaySubnet;
            subnet.rate = m_lanRate;
            subnet.delay = m_lanDelay;
            const std::size_t l =
                Connect(subnet, vnet->GetGateway()->GetNode(), vpnGw, {NextInfraPair()}, 30);
            const auto& rec = m_topology->GetLinks()[l];
            // VPN traffic crosses the ExpressRoute gateway's node without its data path.
            vnet->GetGateway()->GetDataPath()->Exempt(rec.ifA);
            const auto sku = GetVpnGatewaySkuInfo(v.sku);
            auto dataPath = CreateObjectWithAttributes<GatewayDataPath>(
                "Throughput", UintegerValue(sku.throughputBps),
                "PacketsPerSecond", UintegerValue(UINT32_MAX),
                "Instances", UintegerValue(1));
            dataPath->Install(vpnGw, {rec.ifB});
            m_topology->SetVpnDataPath(v.vnet, dataPath);
        }
        // The internet between the site and the VNet's region.
        auto region = geo->FindRegion(vnet->GetRegion());
        const double km = Geography::GreatCircleKm(site->GetLatitude(),
                                                   site->GetLongitude(),
                                                   region->GetLatitude(),
                                                   region->GetLongitude());
        const Time oneWay =
            m_internetBaseDelay + Seconds(km * m_internetStretch / 200000.0); // fibre: 2/3 c
        auto inet = NewNode("internet/" + v.name, NodeRole::Internet);
        if (auto routing = DynamicCast<FibRouting>(inet->GetObject<Ipv4>()->GetRoutingProtocol()))
        {
            // Streams fixed by the connection's order: jitter depends on seed and run only.
            routing->SetForwardJitter(
                m_internetJitter, RandomStream(StreamKind::InternetJitter, m_internetLinks.size()));
        }
        auto ce = site->GetCeRouters().front();
        Topology::Link up;
        up.name = "internet/" + v.name + "/site";
        up.kind = LinkKind::Internet;
        up.rate = m_internetRate;
        up.delay = oneWay;
        m_internetLinks.push_back(Connect(up, ce, inet, {NextInfraPair()}, 30));
        Topology::Link down;
        down.name = "internet/" + v.name + "/gateway";
        down.kind = LinkKind::Internet;
        down.rate = m_internetRate;
        down.delay = MicroSeconds(100);
        m_internetLinks.push_back(Connect(down, inet, vpnGw, {NextInfraPair()}, 30));
        if (m_internetLoss > 0)
        {
            m_topology->GetImpairments()->Degrade(m_internetLinks[m_internetLinks.size() - 2],
                                                  m_internetLoss,
                                                  Time(0));
        }
        auto conn = CreateObjectWithAttributes<VpnConnection>("Name", StringValue(v.name),
                                                              "Sku", EnumClassValue(v.sku));
        conn->SetEndpoints(v.site, v.vnet);
        m_topology->AddVpnConnection(conn);
    }
}

void
TopologyBuilder::PlanVpnRoutes()
{
    // The CE, the internet node and the VPN gateway learn each other's internet subnets, over
    // the internet links only (the interior routes of the internet, here one hop).
    if (m_internetLinks.empty())
    {
        return;
    }
    std::set<std::size_t> notInternet;
    for (std::size_t i = 0; i < m_topology->GetLinks().size(); ++i)
    {
        notInternet.insert(i);
    }
    for (std::size_t l : m_internetLinks)
    {
        notInternet.erase(l);
    }
    for (std::size_t k = 0; k + 1 < m_internetLinks.size(); k += 2)
    {
        const auto& up = m_topology->GetLinks()[m_internetLinks[k]];
        const auto& down = m_topology->GetLinks()[m_internetLinks[k + 1]];
        const std::set<uint32_t> ends{up.nodeA, up.nodeB, down.nodeB};
        for (const auto* l : {&up, &down})
        {
            std::set<uint32_t> install = ends;
            install.erase(l->nodeA);
            install.erase(l->nodeB);
            m_targets.push_back({Ipv4Prefix{l->addrA & Ipv4Prefix::MaskOf(30), 30},
                                 {l->nodeA, l->nodeB},
                                 install,
                                 notInternet});
        }
    }
}

void
TopologyBuilder::BuildVpnBgp(const Scenario& scenario)
{
    std::set<std::string> vnetsDone;
    for (std::size_t k = 0; k < scenario.vpnConnections.size(); ++k)
    {
        const auto& v = scenario.vpnConnections[k];
        auto vnet = m_topology->GetVnet(v.vnet);
        auto site = m_topology->GetSite(v.site);
        auto vpnNode = m_topology->GetNode("vnet/" + v.vnet + "/vpngw");
        auto erNode = vnet->GetGateway()->GetNode();
        // The speakers exist from here on, in this order (their start order).
        SpeakerOf(vpnNode, kGatewayAsn);
        SpeakerOf(erNode, vnet->GetGateway()->GetAsn());
        if (vnetsDone.insert(v.vnet).second)
        {
            // iBGP between the two gateways of the VNet on the gateway subnet: the ExpressRoute
            // gateway gives the VNet's space; the VPN gateway gives what the tunnels bring,
            // which the ExpressRoute gateway prefers less and never passes to the MSEEs.
            const auto& subnet =
                m_topology->GetLinks()[*m_topology->FindLink("vnet/" + v.vnet + "/gateway-subnet")];
            SessionSide toVpn{erNode, vnet->GetGateway()->GetAsn()};
            toVpn.config.name = "vpngw/" + v.vnet;
            toVpn.config.role = BgpPeerRole::Vpn;
            toVpn.config.exportRoles = 0; // only the VNet's own space
            toVpn.policy.localPref = kVpnLocalPref;
            SessionSide toEr{vpnNode, kGatewayAsn};
            toEr.config.name = "ergw/" + v.vnet;
            toEr.config.role = BgpPeerRole::Gateway;
            AddSession(toVpn, Ipv4Address(subnet.addrA), toEr, Ipv4Address(subnet.addrB));
        }
        // eBGP over the tunnel: CE to VPN gateway, addressed across the internet.
        const auto& up = m_topology->GetLinks()[*m_topology->FindLink("internet/" + v.name + "/site")];
        const auto& down =
            m_topology->GetLinks()[*m_topology->FindLink("internet/" + v.name + "/gateway")];
        auto ceNode = site->GetCeRouters().front();
        SessionSide ce{ceNode, site->GetAsn()};
        ce.config.name = "vpn/" + v.name;
        ce.config.role = BgpPeerRole::Vpn;
        ce.config.exportRoles = 0; // the site's own prefixes only, not what Azure or others gave
        ce.config.vrfs = {ToString(PeeringType::AzurePrivate)};
        ce.policy.localPref = kVpnLocalPref;
        // What the VPN brings goes to the site's other CE over iBGP (its hosts' share of the
        // traffic follows it there) but to no other AS: not to the MSEEs (no transit between
        // VPN and ExpressRoute), not over a site link.
        ce.policy.importCommunities = {kBgpNoExport};
        SessionSide gw{vpnNode, kGatewayAsn};
        gw.config.name = "vpn/" + v.name;
        gw.config.role = BgpPeerRole::Vpn;
        AddSession(ce, Ipv4Address(up.addrA), gw, Ipv4Address(down.addrB));
    }
    // The ExpressRoute gateways do not pass what the VPN brought to the MSEEs (no transit
    // between VPN and ExpressRoute); the CEs' NO_EXPORT keeps it inside the site.
    for (const auto& name : vnetsDone)
    {
        m_topology->GetBgpSpeaker(m_topology->GetVnet(name)->GetGateway()->GetNode()->GetId())
            ->RestrictExport(Bit(BgpPeerRole::Vpn));
    }
}

} // namespace expressroute
} // namespace ns3
