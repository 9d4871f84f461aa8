// SPDX-License-Identifier: GPL-2.0-only
// TopologyBuilder, part 2: the scenario's elements (sites, circuits, MSEEs, VNets, Global Reach)
// and the route plan. Part 1 (expressroute-topology-builder.cc) holds the mechanics: nodes,
// links, addresses, the backbone.
#include "expressroute-gateway-data-path.h"
#include "expressroute-backbone.h"
#include "expressroute-enum-attribute.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-address-plan.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-topology-builder.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioTopology");

Ptr<Topology>
TopologyBuilder::Build(const Scenario& scenario, Ptr<Geography> geography, Ptr<Backbone> backbone)
{
    m_topology = CreateObject<Topology>();
    m_topology->SetGeography(geography);
    m_topology->SetBackbone(backbone);
    m_targets.clear();
    m_source = scenario.sourceFile.empty() ? "(embedded default)" : scenario.sourceFile;
    m_infra = scenario.simulation.infrastructurePrefix.value_or(DefaultInfrastructurePrefix());
    m_infraNext = 0;
    CheckRates(backbone);
    BuildBackbone();
    BuildMsees(scenario);
    BuildSites(scenario);
    BuildCircuits(scenario);
    BuildVnets(scenario);
    BuildGlobalReach(scenario);
    BuildSiteLinks(scenario);
    if (m_controlPlane == ControlPlane::Bgp)
    {
        BuildVpn(scenario); // the VPN runs BGP over its tunnel: no static variant
        BuildMicrosoftPeering(scenario);
    }
    CheckInfrastructurePrefix();
    if (m_controlPlane == ControlPlane::Static)
    {
        PlanRoutes(scenario);
        InstallRoutes();
    }
    else
    {
        PlanInfrastructureRoutes();
        PlanSiteRoutes();
        PlanVpnRoutes();
        PlanMicrosoftRoutes();
        InstallRoutes();
        BuildBgp(scenario);
        FollowCustomerPublicPrefixes();
        BuildSiteLinkBgp(scenario);
        BuildVpnBgp(scenario);
        TrackSiteHostRoutes();
    }
    return m_topology;
}

void
TopologyBuilder::BuildMsees(const Scenario& scenario)
{
    auto backbone = m_topology->GetBackbone();
    std::set<std::string> used;
    for (const auto& c : scenario.circuits)
    {
        used.insert(c.peeringLocation);
        if (c.secondaryPeeringLocation)
        {
            used.insert(*c.secondaryPeeringLocation);
        }
    }
    for (const auto& name : used)
    {
        // The location joins the backbone at the regions of data/peering-attachments.csv (its
        // local regions, else predicted like a region without measurements; doc/backbone.md
        // "Peering locations"). One region: the MSEEs hang on its router. Several: on the
        // location's own router, whose links never give two regions a faster path, so region
        // RTTs do not depend on the locations a scenario uses. AttachmentFixedDelay on top.
        const auto links = backbone->GetLocationLinks(name);
        const auto attachment = backbone->GetLocationAttachment(name);
        NS_ABORT_MSG_UNLESS(attachment, "no backbone link for peering location " << name);
        const Time delay = attachment->delay;
        Ptr<Node> router;
        if (links.size() == 1)
        {
            router = m_topology->GetNode("bb/" + attachment->router);
        }
        else
        {
            router = NewNode(attachment->router, NodeRole::BackboneRouter);
            for (const auto& l : links)
            {
                Topology::Link proto;
                proto.name = "backbone/" + name + "--" + l.region;
                proto.kind = LinkKind::Backbone;
                proto.rate = backbone->GetLinkRate();
                proto.delay = l.delay;
                Connect(proto,
                        router,
                        m_topology->GetNode("bb/" + l.region),
                        {NextInfraPair()},
                        30);
            }
        }
        for (const auto& l : links)
        {
            NS_LOG_INFO("location=" << name << " attach=" << l.region
                                    << " delay_ms=" << l.delay.GetMicroSeconds() / 1000.0);
        }
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            auto msee = CreateObjectWithAttributes<Msee>("PeeringLocation",
                                                         StringValue(name),
                                                         "Role",
                                                         EnumClassValue(role));
            auto node = NewNode(msee->GetName(), NodeRole::Msee);
            msee->SetNode(node);
            m_topology->AddMsee(msee);
            Topology::Link proto;
            proto.name = "attachment/" + name + "/" + ToString(role);
            proto.kind = LinkKind::Attachment;
            proto.rate = backbone->GetLinkRate();
            proto.delay = delay + backbone->GetAttachmentDelay(0);
            Connect(proto, router, node, {NextInfraPair()}, 30);
        }
    }
}

void
TopologyBuilder::BuildSites(const Scenario& scenario)
{
    for (const auto& s : scenario.sites)
    {
        ObjectFactory f("ns3::expressroute::CustomerSite");
        f.Set("Name", StringValue(s.name));
        f.Set("Asn", UintegerValue(s.asn));
        f.Set("Latitude", DoubleValue(s.latitude));
        f.Set("Longitude", DoubleValue(s.longitude));
        if (s.hosts)
        {
            f.Set("Hosts", UintegerValue(*s.hosts));
        }
        if (s.ceRouters)
        {
            f.Set("CeRouters", UintegerValue(*s.ceRouters));
        }
        auto site = f.Create<CustomerSite>();
        site->SetPrefixes(s.prefixes);
        for (uint32_t i = 0; i < site->GetCeRouterCount(); ++i)
        {
            site->AddCeRouter(NewNode("site/" + s.name + "/ce" + std::to_string(i + 1),
                                      NodeRole::CustomerEdge));
        }
        // Two CE routers are joined by a link on the site's LAN, over which they run iBGP: a
        // CE that loses its circuit link forwards to the other (references.md §8, HA).
        const auto& ces = site->GetCeRouters();
        for (std::size_t i = 1; i < ces.size(); ++i)
        {
            Topology::Link lan;
            lan.name = "site/" + s.name + "/ce-interconnect" + std::to_string(i);
            lan.kind = LinkKind::Lan;
            lan.rate = m_lanRate;
            lan.delay = m_lanDelay;
            Connect(lan, ces[0], ces[i], {NextInfraPair()}, 30);
        }
        for (uint32_t i = 0; i < site->GetHostCount(); ++i)
        {
            site->AddHost(AttachHost("site/" + s.name + "/host" + std::to_string(i + 1),
                                     NodeRole::SiteHost,
                                     site->GetCeRouters(),
                                     s.prefixes.front(),
                                     i,
                                     site->GetHostCount(),
                                     s.path + "/prefixes/0"));
        }
        m_topology->AddSite(site);
    }
    for (const auto& p : scenario.providers)
    {
        m_topology->AddProvider(CreateObjectWithAttributes<ConnectivityProvider>(
            "Name", StringValue(p.name),
            "Kind", EnumClassValue(p.kind),
            "Layer", EnumClassValue(p.layer)));
    }
}

void
TopologyBuilder::BuildCircuits(const Scenario& scenario)
{
    auto geo = m_topology->GetGeography();
    auto backbone = m_topology->GetBackbone();
    for (const auto& c : scenario.circuits)
    {
        ObjectFactory f("ns3::expressroute::Circuit");
        f.Set("Name", StringValue(c.name));
        f.Set("Tier", EnumClassValue(c.tier));
        f.Set("Bandwidth", DataRateValue(DataRate(c.bandwidthBps)));
        if (c.provisioningState)
        {
            f.Set("ProvisioningState", EnumClassValue(*c.provisioningState));
        }
        auto circuit = f.Create<Circuit>();
        auto site = m_topology->GetSite(c.site);
        auto provider = m_topology->GetProvider(c.provider);
        circuit->SetSite(c.site);
        circuit->SetProvider(provider);
        // Private peering first: its addresses are the link's primary ones.
        std::vector<const PeeringSpec*> peerings;
        for (const auto& p : c.peerings)
        {
            (p.type == PeeringType::AzurePrivate ? peerings.insert(peerings.begin(), &p)
                                                 : peerings.insert(peerings.end(), &p));
        }
        for (const auto* p : peerings)
        {
            ObjectFactory pf("ns3::expressroute::Peering");
            pf.Set("Type", EnumClassValue(p->type));
            pf.Set("Vlan", UintegerValue(p->vlan));
            // The router that peers with the MSEE: the customer's CE, or the provider's PE on
            // Layer3 services (references.md §4, WF).
            pf.Set("PeerAsn",
                   UintegerValue(p->peerAsn.value_or(provider->IsBgpRunByProvider()
                                                         ? provider->GetAsn()
                                                         : site->GetAsn())));
            if (p->bfd)
            {
                pf.Set("Bfd", BooleanValue(*p->bfd));
            }
            auto peering = pf.Create<Peering>();
            peering->SetSubnets(p->primarySubnet, p->secondarySubnet);
            peering->SetAdvertisedPublicPrefixes(p->advertisedPublicPrefixes);
            peering->SetRouteFilter(p->routeFilter);
            peering->SetConfigured(p->configured);
            circuit->AddPeering(peering);
        }
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            const std::string locName = (role == LinkRole::Secondary && c.secondaryPeeringLocation)
                                            ? *c.secondaryPeeringLocation
                                            : c.peeringLocation;
            auto loc = geo->FindPeeringLocation(locName);
            auto& link = circuit->GetLink(role);
            link.role = role;
            link.peeringLocation = locName;
            link.msee = m_topology->GetMsee(locName, role);
            // With two CE routers, the secondary link lands on the second (references.md §8, HA).
            const auto& ces = site->GetCeRouters();
            Ptr<Node> ce = ces[role == LinkRole::Secondary && ces.size() > 1 ? 1 : 0];
            const double km = Geography::GreatCircleKm(site->GetLatitude(),
                                                       site->GetLongitude(),
                                                       loc->GetLatitude(),
                                                       loc->GetLongitude());
            const Time distance = backbone->GetAttachmentDelay(km);
            const std::string base = "circuit/" + c.name + "/" + ToString(role);
            Ptr<Node> edge = ce;
            Time circuitDelay = distance + provider->GetEquipmentDelay();
            if (provider->IsBgpRunByProvider())
            {
                // Managed Layer3 / IPVPN: the provider's PE sits at the peering location and
                // owns the circuit link; the customer reaches it over the provider's access.
                edge = NewNode("pe/" + c.provider + "/" + c.name + "/" + ToString(role),
                               NodeRole::ProviderEdge);
                Topology::Link access;
                access.name = base + "/access";
                access.kind = LinkKind::Access;
                access.rate = m_accessRate;
                access.delay = distance;
                access.circuit = c.name;
                access.role = role;
                Connect(access, ce, edge, {NextInfraPair()}, 30);
                circuitDelay = backbone->GetAttachmentDelay(0) + provider->GetEquipmentDelay();
            }
            std::vector<std::pair<uint32_t, uint32_t>> addresses;
            for (const auto& p : circuit->GetPeerings())
            {
                addresses.emplace_back(p->GetCustomerAddress(role), p->GetMseeAddress(role));
            }
            Topology::Link proto;
            proto.name = base;
            proto.kind = LinkKind::Circuit;
            proto.rate = circuit->GetBandwidth();
            proto.delay = circuitDelay;
            proto.circuit = c.name;
            proto.role = role;
            const auto& rec =
                m_topology->GetLinks()[Connect(proto, edge, link.msee->GetNode(), addresses, 30)];
            link.edge = edge;
            link.edgeDevice = rec.devA;
            link.mseeDevice = rec.devB;
        }
        m_topology->AddCircuit(circuit);
        for (const auto& vl : c.vnetLinks)
        {
            m_topology->AddVnetLink(c.name, vl.vnet, vl.weight);
        }
    }
}

void
TopologyBuilder::BuildVnets(const Scenario& scenario)
{
    auto backbone = m_topology->GetBackbone();
    for (const auto& v : scenario.vnets)
    {
        ObjectFactory f("ns3::expressroute::VirtualNetwork");
        f.Set("Name", StringValue(v.name));
        f.Set("Region", StringValue(v.region));
        if (v.hosts)
        {
            f.Set("Hosts", UintegerValue(*v.hosts));
        }
        auto vnet = f.Create<VirtualNetwork>();
        vnet->SetAddressSpace(v.addressSpace);
        ObjectFactory gf("ns3::expressroute::ErGateway");
        gf.Set("Sku", EnumClassValue(v.gateway.sku));
        if (v.gateway.fastPath)
        {
            gf.Set("FastPath", BooleanValue(*v.gateway.fastPath));
        }
        if (v.gateway.scaleUnits)
        {
            gf.Set("ScaleUnits", UintegerValue(*v.gateway.scaleUnits));
        }
        auto gateway = gf.Create<ErGateway>();
        auto gwNode = NewNode("vnet/" + v.name + "/gateway", NodeRole::ErGateway);
        gateway->SetNode(gwNode);
        vnet->SetGateway(gateway);
        Topology::Link proto;
        proto.name = "region/" + v.name + "/gateway";
        proto.kind = LinkKind::Region;
        proto.rate = backbone->GetLinkRate();
        proto.delay = backbone->GetAccessDelay(v.region);
        Connect(proto, m_topology->GetNode("bb/" + v.region), gwNode, {NextInfraPair()}, 30);
        for (uint32_t i = 0; i < vnet->GetHostCount(); ++i)
        {
            vnet->AddHost(AttachHost("vnet/" + v.name + "/vm" + std::to_string(i + 1),
                                     NodeRole::VnetHost,
                                     {gwNode},
                                     v.addressSpace.front(),
                                     i,
                                     vnet->GetHostCount(),
                                     v.path + "/addressSpace/0"));
        }
        // The gateway's data path: SKU caps on what it forwards; the interfaces towards the
        // VMs are the VNet side.
        std::set<uint32_t> vnetSide;
        for (const auto& link : m_topology->GetLinks())
        {
            if (link.kind == LinkKind::Lan && link.nodeB == gwNode->GetId())
            {
                vnetSide.insert(link.ifB);
            }
            else if (link.kind == LinkKind::Lan && link.nodeA == gwNode->GetId())
            {
                vnetSide.insert(link.ifA);
            }
        }
        const auto info = gateway->GetSkuInfo();
        auto dataPath = CreateObjectWithAttributes<GatewayDataPath>(
            "Throughput", UintegerValue(info.throughputBps),
            "PacketsPerSecond", UintegerValue(info.packetsPerSecond),
            "FastPath", BooleanValue(gateway->IsFastPathEnabled() && info.fastPath));
        dataPath->Install(gwNode, vnetSide);
        gateway->SetDataPath(dataPath);
        m_topology->AddVnet(vnet);
    }
}

void
TopologyBuilder::BuildGlobalReach(const Scenario& scenario)
{
    for (const auto& g : scenario.globalReach)
    {
        auto gr = CreateObjectWithAttributes<GlobalReach>("Name", StringValue(g.name));
        gr->SetCircuits(g.circuitA, g.circuitB);
        gr->SetSubnet(g.subnet);
        m_topology->AddGlobalReach(gr);
    }
}

void
TopologyBuilder::PlanRoutes(const Scenario& scenario)
{
    const auto& links = m_topology->GetLinks();
    std::set<uint32_t> core; // backbone routers and MSEEs learn every prefix
    for (uint32_t id : m_topology->GetNodeIds())
    {
        const NodeRole role = m_topology->GetNodeRole(id);
        if (role == NodeRole::BackboneRouter || role == NodeRole::Msee)
        {
            core.insert(id);
        }
    }
    // The customer side of a circuit: its CE routers and provider PEs.
    auto circuitEdges = [this](const std::string& name) {
        std::set<uint32_t> out;
        auto circuit = m_topology->GetCircuit(name);
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            out.insert(circuit->GetLink(role).edge->GetId());
        }
        for (const auto& ce : m_topology->GetSite(circuit->GetSite())->GetCeRouters())
        {
            out.insert(ce->GetId());
        }
        return out;
    };
    // The static view leaves the customer's WAN out: it has no BGP to choose the direct
    // circuit first, and the resilience analysis looks at site links on its own.
    std::set<std::size_t> wan;
    for (std::size_t l = 0; l < links.size(); ++l)
    {
        if (links[l].kind == LinkKind::Wan)
        {
            wan.insert(l);
        }
    }
    auto circuitLinks = [&links](const std::string& name) {
        std::set<std::size_t> out;
        for (std::size_t l = 0; l < links.size(); ++l)
        {
            if (links[l].circuit == name)
            {
                out.insert(l);
            }
        }
        return out;
    };

    // VNet address spaces: originated by the gateway, learned by the customer side of the
    // circuits linked to the VNet; other circuits' links are not on any path (other VRFs).
    for (const auto& v : scenario.vnets)
    {
        const auto linked = m_topology->GetCircuitsLinking(v.name);
        std::set<uint32_t> install = core;
        std::set<std::size_t> exclude = wan;
        for (const auto& c : scenario.circuits)
        {
            const bool isLinked = std::find(linked.begin(), linked.end(), c.name) != linked.end();
            if (isLinked)
            {
                const auto edges = circuitEdges(c.name);
                install.insert(edges.begin(), edges.end());
            }
            else
            {
                const auto cl = circuitLinks(c.name);
                exclude.insert(cl.begin(), cl.end());
            }
        }
        const uint32_t gw = m_topology->GetVnet(v.name)->GetGateway()->GetNode()->GetId();
        for (const auto& prefix : v.addressSpace)
        {
            m_targets.push_back({prefix, {gw}, install, exclude});
        }
    }

    // Site prefixes: originated by the CE routers, learned by the gateways of the VNets the
    // site's circuits link and by the customer side of Global Reach partner circuits.
    for (const auto& s : scenario.sites)
    {
        auto site = m_topology->GetSite(s.name);
        std::vector<uint32_t> origins;
        for (const auto& ce : site->GetCeRouters())
        {
            origins.push_back(ce->GetId());
        }
        std::set<uint32_t> install = core;
        std::set<std::string> own;
        for (const auto& c : scenario.circuits)
        {
            if (c.site != s.name)
            {
                continue;
            }
            own.insert(c.name);
            const auto edges = circuitEdges(c.name);
            install.insert(edges.begin(), edges.end());
            for (const auto& vnet : m_topology->GetVnetsLinkedBy(c.name))
            {
                install.insert(m_topology->GetVnet(vnet)->GetGateway()->GetNode()->GetId());
            }
        }
        for (const auto& g : scenario.globalReach)
        {
            for (const auto& [mine, other] :
                 {std::make_pair(g.circuitA, g.circuitB), std::make_pair(g.circuitB, g.circuitA)})
            {
                if (own.count(mine))
                {
                    const auto edges = circuitEdges(other);
                    install.insert(edges.begin(), edges.end());
                }
            }
        }
        for (uint32_t o : origins)
        {
            install.erase(o);
        }
        for (const auto& prefix : s.prefixes)
        {
            m_targets.push_back({prefix, origins, install, wan});
        }
    }
}

} // namespace expressroute
} // namespace ns3
