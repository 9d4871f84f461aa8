// SPDX-License-Identifier: GPL-2.0-only
// TopologyBuilder, part 3: the control plane. Who peers with whom (references.md §3, §4, §7):
//  - per circuit link and peering, eBGP between the customer edge (Layer2 providers, Direct) or
//    the provider PE (Layer3, IPVPN) and the MSEE, on the peering's /30, with BFD when the
//    peering has it; for Layer3 providers also eBGP between CE and PE over the access link;
//  - per MSEE and linked VNet, eBGP multihop between the MSEE and the VNet's gateway (65515)
//    across the backbone;
//  - per Global Reach connection, iBGP between the MSEEs of the two circuits (AS 12076).
// The MSEE keeps each circuit's routes apart (one routing domain per circuit and peering), and
// passes customer routes to gateways and Global Reach partners, and gateway and partner routes
// to customers. The backbone carries infrastructure routes only (computed link-state routes);
// customer traffic crosses it IP-in-IP between MSEE and gateway.
#include "expressroute-backbone.h"
#include "expressroute-bfd.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-circuit.h"
#include "expressroute-communities.h"
#include "expressroute-geography.h"
#include "expressroute-link-impairments.h"
#include "expressroute-peering-location.h"
#include "expressroute-region.h"
#include "expressroute-topology-builder.h"

#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <map>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBgpBuilder");

namespace
{

uint32_t
RoleBit(BgpPeerRole role)
{
    return 1u << static_cast<uint32_t>(role);
}

} // namespace

void
TopologyBuilder::PlanInfrastructureRoutes()
{
    // Every Microsoft router learns every infrastructure subnet (attachments, backbone, gateway
    // links): the backbone IGP, computed with Boost.Graph.
    std::set<uint32_t> microsoft;
    for (uint32_t id : m_topology->GetNodeIds())
    {
        const NodeRole role = m_topology->GetNodeRole(id);
        if (role == NodeRole::BackboneRouter || role == NodeRole::Msee || role == NodeRole::ErGateway)
        {
            microsoft.insert(id);
        }
    }
    for (const auto& link : m_topology->GetLinks())
    {
        if (link.kind == LinkKind::Backbone || link.kind == LinkKind::Attachment ||
            link.kind == LinkKind::Region)
        {
            std::set<uint32_t> install = microsoft;
            install.erase(link.nodeA);
            install.erase(link.nodeB);
            m_targets.push_back({Ipv4Prefix{link.addrA & Ipv4Prefix::MaskOf(30), 30},
                                 {link.nodeA, link.nodeB},
                                 install,
                                 {}});
        }
    }
}

void
TopologyBuilder::OriginateMicrosoftPrefixes(Ptr<BgpSpeaker> speaker,
                                            Ptr<Circuit> circuit,
                                            Ptr<Msee> msee,
                                            const std::string& domain)
{
    // On Microsoft peering the MSEE advertises Microsoft's prefixes, each with its community
    // (references.md §4, RT): the regional services of the regions the circuit's tier reaches
    // (Local: its Local regions, Standard: its geopolitical region, Premium: all, §1), and the
    // global services. Stand-in prefixes: expressroute-communities.h.
    auto geo = m_topology->GetGeography();
    auto location = geo->FindPeeringLocation(msee->GetPeeringLocation());
    for (const auto& region : geo->GetRegions())
    {
        auto community = RegionalCommunity(region->GetName());
        const bool reached =
            circuit->GetTier() == CircuitTier::Premium ||
            (circuit->GetTier() == CircuitTier::Standard &&
             region->GetGeopoliticalRegion() == location->GetGeopoliticalRegion()) ||
            (circuit->GetTier() == CircuitTier::Local && location->IsLocalRegion(region->GetName()));
        if (community && reached)
        {
            speaker->Originate(*StandInPrefix(*community), {{*community}, {domain}});
        }
    }
    for (const auto& service : MicrosoftServices())
    {
        speaker->Originate(*StandInPrefix(service.community), {{service.community}, {domain}});
    }
}

void
TopologyBuilder::PlanSiteRoutes()
{
    // A site with several CE routers: each CE learns the host links of the others, over the
    // CE interconnects (the site's interior routing), so that traffic for a host arriving at
    // any CE reaches it.
    for (const auto& [name, site] : m_topology->GetSites())
    {
        const auto& ces = site->GetCeRouters();
        if (ces.size() < 2)
        {
            continue;
        }
        std::set<uint32_t> ceIds;
        for (const auto& ce : ces)
        {
            ceIds.insert(ce->GetId());
        }
        std::set<std::size_t> notInterconnect;
        const auto& links = m_topology->GetLinks();
        for (std::size_t i = 0; i < links.size(); ++i)
        {
            if (links[i].name.rfind("site/" + name + "/ce-interconnect", 0) != 0)
            {
                notInterconnect.insert(i);
            }
        }
        for (const auto& link : links)
        {
            if (link.kind != LinkKind::Lan || !ceIds.count(link.nodeA) ||
                m_topology->GetNodeRole(link.nodeB) != NodeRole::SiteHost)
            {
                continue;
            }
            std::set<uint32_t> install = ceIds;
            install.erase(link.nodeA);
            m_targets.push_back({Ipv4Prefix{link.addrA & Ipv4Prefix::MaskOf(30), 30},
                                 {link.nodeA},
                                 install,
                                 notInterconnect});
        }
    }
}

Ptr<BgpSpeaker>
TopologyBuilder::SpeakerOf(Ptr<Node> node, uint32_t asn)
{
    if (auto s = m_topology->GetBgpSpeaker(node->GetId()))
    {
        return s;
    }
    auto s = CreateObject<BgpSpeaker>();
    s->SetAttribute("Asn", UintegerValue(asn));
    s->SetAttribute("RouterId",
                    Ipv4AddressValue(node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal()));
    node->AddApplication(s);
    m_topology->SetBgpSpeaker(node->GetId(), s);
    return s;
}

Ptr<BfdAgent>
TopologyBuilder::BfdAgentOf(Ptr<Node> node)
{
    if (auto a = m_topology->GetBfdAgent(node->GetId()))
    {
        return a;
    }
    auto a = CreateObject<BfdAgent>();
    node->AddApplication(a);
    m_topology->SetBfdAgent(node->GetId(), a);
    return a;
}

void
TopologyBuilder::BuildBgp(const Scenario& scenario)
{
    auto topo = m_topology;
    auto linkByName = [topo](const std::string& name) -> const Topology::Link& {
        return topo->GetLinks()[*topo->FindLink(name)];
    };
    auto mseeAddress = [&linkByName](Ptr<Msee> m) {
        return Ipv4Address(linkByName("attachment/" + m->GetPeeringLocation() + "/" +
                                      ToString(m->GetRole()))
                               .addrB);
    };

    // Sites originate their prefixes into private peering; gateways their VNets' address spaces
    // (whole spaces, not subnets: references.md §1, FAQ). The edge router's sessions with the MSEE
    // carry the peering type as their routing domain, so that private prefixes stay off
    // Microsoft peering and Microsoft's routes off private peering.
    const std::string privateDomain = ToString(PeeringType::AzurePrivate);
    const std::string microsoftDomain = ToString(PeeringType::Microsoft);
    for (const auto& [name, site] : m_topology->GetSites())
    {
        for (const auto& ce : site->GetCeRouters())
        {
            auto s = SpeakerOf(ce, site->GetAsn());
            for (const auto& p : site->GetPrefixes())
            {
                s->Originate(p, {{}, {privateDomain}});
            }
        }
        // iBGP between the CE routers of a site, over their interconnect.
        const auto& ces = site->GetCeRouters();
        for (std::size_t i = 1; i < ces.size(); ++i)
        {
            const auto& link = linkByName("site/" + name + "/ce-interconnect" + std::to_string(i));
            SessionSide a{ces[0], site->GetAsn()};
            a.config.name = "ibgp/" + m_topology->GetNodeName(ces[i]->GetId());
            SessionSide b{ces[i], site->GetAsn()};
            b.config.name = "ibgp/" + m_topology->GetNodeName(ces[0]->GetId());
            AddSession(a, Ipv4Address(link.addrA), b, Ipv4Address(link.addrB));
        }
    }
    for (const auto& [name, vnet] : m_topology->GetVnets())
    {
        auto gw = vnet->GetGateway();
        auto s = SpeakerOf(gw->GetNode(), gw->GetAsn());
        s->SetAttribute("FibDelay", TimeValue(gw->GetRouteProgrammingDelay()));
        for (const auto& p : vnet->GetAddressSpace())
        {
            s->Originate(p);
        }
    }

    for (const auto& c : scenario.circuits)
    {
        auto circuit = m_topology->GetCircuit(c.name);
        // Sessions exist for every peering, but run only once the provider has provisioned the
        // circuit and the peering is configured (references.md §10); until then the circuit's
        // links are down. The timeline can move both on (expressroute-provisioning-events.h).
        const bool provisioned = circuit->GetProvisioningState() == ProvisioningState::Provisioned;
        if (!provisioned)
        {
            for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
            {
                m_topology->GetImpairments()->Down(
                    *m_topology->FindLink("circuit/" + c.name + "/" + ToString(role)));
            }
        }
        auto site = m_topology->GetSite(c.site);
        auto provider = circuit->GetProvider();
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            const auto& link = circuit->GetLink(role);
            auto msee = link.msee;
            for (const auto& peering : circuit->GetPeerings())
            {
                const uint32_t edgeAsn = peering->GetPeerAsn();
                const std::string name =
                    c.name + "/" + ToString(role) + "/" + ToString(peering->GetType());
                const Ipv4Address edgeAddr(peering->GetCustomerAddress(role));
                const Ipv4Address mseeAddr(peering->GetMseeAddress(role));
                SessionSide edge{link.edge, edgeAsn};
                edge.config.name = name;
                // The peering type's domain, and the circuit's own, so that something can be
                // announced on this circuit's sessions only (a per-session export mistake).
                edge.config.vrfs = {ToString(peering->GetType()),
                                    c.name + "/" + ToString(peering->GetType())};
                edge.config.holdTime = peering->GetHoldTime();
                edge.config.keepaliveTime = peering->GetKeepaliveTime();
                edge.config.connectRetryTime = peering->GetConnectRetryTime();
                edge.config.disabled = !provisioned || !peering->IsConfigured();
                // The customer's path control on this peering (references.md §3): a prepend
                // towards the MSEEs, a LOCAL_PREF on what they advertise.
                for (const auto& spec : c.peerings)
                {
                    if (spec.type == peering->GetType())
                    {
                        edge.policy.prepend = spec.prepend;
                        edge.policy.localPref = spec.localPreference;
                    }
                }

                SessionSide side{msee->GetNode(), msee->GetAsn()};
                side.config.name = name;
                side.config.holdTime = msee->GetHoldTime();
                side.config.keepaliveTime = msee->GetKeepaliveTime();
                side.config.idleHoldTime = msee->GetIdleHoldTime();
                side.config.disabled = edge.config.disabled;
                side.config.maxPrefixes = peering->GetMaxPrefixes(circuit->GetTier());
                side.config.role = BgpPeerRole::Customer;
                side.config.vrfs = {c.name + "/" + ToString(peering->GetType())};
                side.config.exportRoles =
                    RoleBit(BgpPeerRole::Gateway) | RoleBit(BgpPeerRole::GlobalReach);
                // Microsoft ignores the communities the customer sets (references.md §3, RT), on
                // both peerings: they reach neither the gateways nor Global Reach partners.
                side.policy.stripCommunities = true;
                if (peering->GetType() == PeeringType::Microsoft)
                {
                    side.policy.exportCommunities =
                        peering->GetRouteFilter().value_or(std::vector<uint32_t>{});
                    // Microsoft removes private ASNs from the customer's AS paths here (§3, RT).
                    side.policy.removePrivateAsns = true;
                }
                const auto [edgePeer, mseePeer] = AddSession(edge, edgeAddr, side, mseeAddr);
                auto edgeSpeaker = SpeakerOf(link.edge, edgeAsn);
                auto mseeSpeaker = SpeakerOf(msee->GetNode(), msee->GetAsn());
                for (const auto& p : peering->GetAdvertisedPublicPrefixes())
                {
                    edgeSpeaker->Originate(p, {{}, {microsoftDomain}});
                }
                if (peering->GetType() == PeeringType::Microsoft)
                {
                    OriginateMicrosoftPrefixes(mseeSpeaker, circuit, msee, side.config.vrfs.front());
                }
                if (peering->IsBfdEnabled())
                {
                    edgeSpeaker->AttachBfd(edgePeer, BfdAgentOf(link.edge));
                    mseeSpeaker->AttachBfd(mseePeer, BfdAgentOf(msee->GetNode()));
                }
            }
            if (provider->IsBgpRunByProvider())
            {
                // CE to PE over the provider's access link: the CE learns the VNets from the PE.
                const auto& access = linkByName("circuit/" + c.name + "/" + ToString(role) + "/access");
                SessionSide ceSide{m_topology->GetNode(m_topology->GetNodeName(access.nodeA)),
                                   site->GetAsn()};
                ceSide.config.name = c.name + "/" + ToString(role) + "/access";
                SessionSide peSide{link.edge, provider->GetAsn()};
                peSide.config.name = ceSide.config.name;
                peSide.config.vrfs = {privateDomain}; // the PE's VRF for the customer's private routes
                AddSession(ceSide, Ipv4Address(access.addrA), peSide, Ipv4Address(access.addrB));
            }
        }
    }

    // MSEE <-> gateway: one session per (MSEE, VNet), carrying every circuit at that MSEE that
    // links the VNet; the gateway weighs routes by the connection weight (references.md §3, DR).
    struct GatewaySession
    {
        Ptr<Msee> msee;
        Ptr<VirtualNetwork> vnet;
        std::vector<std::string> vrfs;
        uint32_t weight{0};
    };

    std::map<std::pair<std::string, std::string>, GatewaySession> gateways;
    for (const auto& c : scenario.circuits)
    {
        auto circuit = m_topology->GetCircuit(c.name);
        if (!circuit->GetPeering(PeeringType::AzurePrivate))
        {
            continue;
        }
        for (const auto& vl : c.vnetLinks)
        {
            for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
            {
                auto msee = circuit->GetLink(role).msee;
                auto& g = gateways[{msee->GetName(), vl.vnet}];
                g.msee = msee;
                g.vnet = m_topology->GetVnet(vl.vnet);
                g.vrfs.push_back(c.name + "/AzurePrivate");
                g.weight = std::max(g.weight, vl.weight);
            }
        }
    }
    for (const auto& [key, g] : gateways)
    {
        auto gwNode = g.vnet->GetGateway()->GetNode();
        const Ipv4Address gwAddr(linkByName("region/" + g.vnet->GetName() + "/gateway").addrB);
        const Ipv4Address mAddr = mseeAddress(g.msee);
        SessionSide m{g.msee->GetNode(), g.msee->GetAsn()};
        m.config.name = "gw/" + g.vnet->GetName();
        m.config.holdTime = g.msee->GetHoldTime();
        m.config.keepaliveTime = g.msee->GetKeepaliveTime();
        m.config.role = BgpPeerRole::Gateway;
        m.config.vrfs = g.vrfs;
        m.config.exportRoles = RoleBit(BgpPeerRole::Customer);
        SessionSide gw{gwNode, g.vnet->GetGateway()->GetAsn()};
        gw.config.name = g.msee->GetName();
        gw.config.maxExportPrefixes = kMaxGatewayAdvertisedPrefixes;
        gw.policy.weight = g.weight;
        AddSession(m, mAddr, gw, gwAddr);
    }

    // Global Reach: iBGP between the two circuits' MSEEs, link by link.
    std::map<std::pair<std::string, std::string>, std::pair<std::vector<std::string>, std::vector<std::string>>> reach;
    std::map<std::string, Ptr<Msee>> mseeByName;
    for (const auto& [name, gr] : m_topology->GetGlobalReach())
    {
        auto a = m_topology->GetCircuit(gr->GetCircuitA());
        auto b = m_topology->GetCircuit(gr->GetCircuitB());
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            auto ma = a->GetLink(role).msee;
            auto mb = b->GetLink(role).msee;
            mseeByName[ma->GetName()] = ma;
            mseeByName[mb->GetName()] = mb;
            auto& r = reach[{ma->GetName(), mb->GetName()}];
            r.first.push_back(a->GetName() + "/AzurePrivate");
            r.second.push_back(b->GetName() + "/AzurePrivate");
        }
    }
    for (const auto& [key, vrfs] : reach)
    {
        auto ma = mseeByName[key.first];
        auto mb = mseeByName[key.second];
        auto sideOf = [](Ptr<Msee> self, Ptr<Msee> other, const std::vector<std::string>& own) {
            SessionSide s{self->GetNode(), self->GetAsn()};
            s.config.name = "gr/" + other->GetName();
            s.config.holdTime = self->GetHoldTime();
            s.config.keepaliveTime = self->GetKeepaliveTime();
            s.config.role = BgpPeerRole::GlobalReach;
            s.config.vrfs = own;
            s.config.exportRoles = RoleBit(BgpPeerRole::Customer);
            return s;
        };
        AddSession(sideOf(ma, mb, vrfs.first), mseeAddress(ma), sideOf(mb, ma, vrfs.second),
                   mseeAddress(mb));
    }
}

std::pair<uint32_t, uint32_t>
TopologyBuilder::AddSession(SessionSide active,
                            Ipv4Address activeAddress,
                            SessionSide passive,
                            Ipv4Address passiveAddress)
{
    active.config.localAddress = activeAddress;
    active.config.peerAddress = passiveAddress;
    active.config.peerAsn = passive.asn;
    passive.config.localAddress = passiveAddress;
    passive.config.peerAddress = activeAddress;
    passive.config.peerAsn = active.asn;
    passive.config.passive = true;
    const uint32_t a = SpeakerOf(active.node, active.asn)->AddPeer(active.config, active.policy);
    const uint32_t b = SpeakerOf(passive.node, passive.asn)->AddPeer(passive.config, passive.policy);
    return {a, b};
}

} // namespace expressroute
} // namespace ns3
