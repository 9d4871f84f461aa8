// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TOPOLOGY_H
#define EXPRESSROUTE_TOPOLOGY_H

// The built network: every element of the scenario as a model object, every ns-3 node and link
// with its role, found by the scenario's names. Built by the TopologyBuilder (helper/); read by
// the route computer, the monitors and the output writers.

#include "expressroute-backbone.h"
#include "expressroute-circuit.h"
#include "expressroute-connectivity-provider.h"
#include "expressroute-customer-site.h"
#include "expressroute-geography.h"
#include "expressroute-global-reach.h"
#include "expressroute-msee.h"
#include "expressroute-virtual-network.h"
#include "expressroute-vpn-connection.h"

#include "ns3/data-rate.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

class BgpSpeaker;
class BfdAgent;
class GatewayDataPath;
class Igp;
class LinkImpairments;

/// What a node is in the model.
enum class NodeRole
{
    SiteHost,       ///< on-premises host
    CustomerEdge,   ///< customer CE router
    ProviderEdge,   ///< provider PE router (Layer3 / IPVPN)
    Msee,           ///< Microsoft Enterprise Edge router
    BackboneRouter, ///< Microsoft backbone router of a region
    ErGateway,      ///< ExpressRoute virtual network gateway
    VnetHost,       ///< VM in a VNet
    RegionHost,     ///< measurement host in a region (latency tool)
    VpnGateway,     ///< VPN gateway of a VNet
    Internet        ///< the internet between a site and a VPN gateway
};

std::string ToString(NodeRole role);

/// What a link is in the model.
enum class LinkKind
{
    Lan,        ///< host to CE, VM to gateway
    Access,     ///< CE to PE (Layer3 providers)
    Circuit,    ///< a circuit link: CE or PE to MSEE, at the purchased bandwidth
    Attachment, ///< MSEE to its backbone router
    Backbone,   ///< backbone router to backbone router
    Region,     ///< gateway or region host to its region's backbone router (access delay)
    Internet,   ///< site CE or VPN gateway to the internet
    GatewaySubnet, ///< the VNet's ExpressRoute gateway to its VPN gateway
    Wan           ///< the customer's own link between two sites' CE routers ("wan/<name>")
};

std::string ToString(LinkKind kind);

/**
 * The inventory and the graph of the built network.
 */
class Topology : public Object
{
  public:
    /// One point-to-point link.
    struct Link
    {
        std::string name;  ///< e.g. "circuit/contoso-ams/primary"
        LinkKind kind{LinkKind::Lan};
        uint32_t nodeA{0}; ///< node ids
        uint32_t nodeB{0};
        Ptr<NetDevice> devA;
        Ptr<NetDevice> devB;
        uint32_t ifA{0};   ///< Ipv4 interface indices
        uint32_t ifB{0};
        uint32_t addrA{0}; ///< host-order addresses on the link
        uint32_t addrB{0};
        Time delay;
        DataRate rate;
        std::string circuit;  ///< circuit name for Circuit links (and their Access links)
        LinkRole role{LinkRole::Primary};
    };

    static TypeId GetTypeId();
    Topology();
    ~Topology() override;

    void SetGeography(Ptr<Geography> g) { m_geography = g; }
    Ptr<Geography> GetGeography() const { return m_geography; }
    void SetBackbone(Ptr<Backbone> b) { m_backbone = b; }
    Ptr<Backbone> GetBackbone() const { return m_backbone; }

    /// Registers a node under a unique name ("site/frankfurt-hq/ce1", "bb/West Europe").
    void AddNode(const std::string& name, NodeRole role, Ptr<Node> node);
    /// nullptr when unknown.
    Ptr<Node> FindNode(const std::string& name) const;
    /// Aborts with the name when unknown.
    Ptr<Node> GetNode(const std::string& name) const;
    const std::string& GetNodeName(uint32_t nodeId) const;
    NodeRole GetNodeRole(uint32_t nodeId) const;
    /// Node ids in creation order.
    const std::vector<uint32_t>& GetNodeIds() const { return m_nodeOrder; }

    /// Registers a link; returns its index.
    std::size_t AddLink(Link link);
    const std::vector<Link>& GetLinks() const { return m_links; }
    /// Index of the link named @p name, or nullopt.
    std::optional<std::size_t> FindLink(const std::string& name) const;

    void AddSite(Ptr<CustomerSite> s) { m_sites[s->GetName()] = s; }
    void AddProvider(Ptr<ConnectivityProvider> p) { m_providers[p->GetName()] = p; }
    void AddCircuit(Ptr<Circuit> c) { m_circuits[c->GetName()] = c; }
    void AddVnet(Ptr<VirtualNetwork> v) { m_vnets[v->GetName()] = v; }
    void AddMsee(Ptr<Msee> m) { m_msees[m->GetName()] = m; }
    void AddGlobalReach(Ptr<GlobalReach> g) { m_globalReach[g->GetName()] = g; }
    void AddVpnConnection(Ptr<VpnConnection> v) { m_vpn[v->GetName()] = v; }

    Ptr<CustomerSite> GetSite(const std::string& name) const;
    Ptr<ConnectivityProvider> GetProvider(const std::string& name) const;
    Ptr<Circuit> GetCircuit(const std::string& name) const;
    Ptr<VirtualNetwork> GetVnet(const std::string& name) const;
    /// The MSEE of @p role at @p location, or nullptr.
    Ptr<Msee> GetMsee(const std::string& location, LinkRole role) const;

    const std::map<std::string, Ptr<CustomerSite>>& GetSites() const { return m_sites; }
    const std::map<std::string, Ptr<ConnectivityProvider>>& GetProviders() const { return m_providers; }
    const std::map<std::string, Ptr<Circuit>>& GetCircuits() const { return m_circuits; }
    const std::map<std::string, Ptr<VirtualNetwork>>& GetVnets() const { return m_vnets; }
    const std::map<std::string, Ptr<Msee>>& GetMsees() const { return m_msees; }
    const std::map<std::string, Ptr<GlobalReach>>& GetGlobalReach() const { return m_globalReach; }
    const std::map<std::string, Ptr<VpnConnection>>& GetVpnConnections() const { return m_vpn; }

    /// The BGP speaker and BFD agent of a node (nullptr when it runs none).
    void SetBgpSpeaker(uint32_t nodeId, Ptr<BgpSpeaker> speaker);
    Ptr<BgpSpeaker> GetBgpSpeaker(uint32_t nodeId) const;
    void SetBfdAgent(uint32_t nodeId, Ptr<BfdAgent> agent);
    Ptr<BfdAgent> GetBfdAgent(uint32_t nodeId) const;
    /// What failures do to links (created on first use).
    Ptr<LinkImpairments> GetImpairments();
    /// The data path of each VNet's VPN gateway, by VNet name.
    void SetVpnDataPath(const std::string& vnet, Ptr<GatewayDataPath> d);
    const std::map<std::string, Ptr<GatewayDataPath>>& GetVpnDataPaths() const
    {
        return m_vpnDataPaths;
    }
    /// The interior routing of Microsoft's network (set by the builder).
    void SetIgp(Ptr<Igp> igp);
    Ptr<Igp> GetIgp() const;
    /// Calls @p changed at every change that may move a flow's path: a best-path change, a FIB
    /// programmed late (a gateway's RouteProgrammingDelay), an interface going down or up, a
    /// static route's next hops (BFD-tracked), the interior routing's recomputation (Igp), a
    /// link starting or stopping to carry packets (LinkImpairments), a gateway instance leaving
    /// or returning and, RepinDelay later, its flows moving. The flow engine traces its paths
    /// again then, and the packet engine's recorder counts them (RunRecorder::GetRoutingEpoch).
    void WatchPathChanges(const std::function<void()>& changed);
    /// Node ids that run a BGP speaker, in creation order.
    std::vector<uint32_t> GetBgpNodes() const;
    /// Fixes the random streams of every model object that draws (BFD jitter), in node order
    /// from index @p stream of StreamKind::Bfd (expressroute-random-streams.h); returns the
    /// number used. Two runs then differ only by the run number.
    int64_t AssignStreams(int64_t stream);

    /// Names of the circuits that link @p vnet.
    std::vector<std::string> GetCircuitsLinking(const std::string& vnet) const;
    void AddVnetLink(const std::string& circuit, const std::string& vnet, uint32_t weight);
    /// VNets linked by @p circuit.
    std::vector<std::string> GetVnetsLinkedBy(const std::string& circuit) const;

    /**
     * The nodes a packet of the given flow visits from @p srcNode to the node owning @p dst,
     * following each router's FIB (with its ECMP choice). Stops at a node without a route or
     * after 64 hops. Names in order, source first. With @p links, also the indices (in
     * GetLinks()) of the links crossed, in order. @p src 0 is an unbound socket's: the address
     * of the interface the source's route takes.
     *
     * With @p delivered, also whether a packet sent now would get there, by the flow engine's
     * rule (doc/engines.md): not when the walk ends without a route, loops or stops short, nor
     * when it crosses a link that is down or silenced (LinkImpairments: a silent failure that
     * the FIBs do not know of yet), nor when an ExpressRoute gateway's data path drops the
     * 5-tuple whatever its rate (GatewayDataPath::Drops: pinned to an instance gone).
     */
    std::vector<std::string> TracePath(uint32_t srcNode,
                                       uint32_t src,
                                       uint32_t dst,
                                       uint8_t protocol,
                                       uint16_t srcPort,
                                       uint16_t dstPort,
                                       std::vector<std::size_t>* links = nullptr,
                                       bool* delivered = nullptr) const;

  protected:
    void DoDispose() override;

  private:
    /// Whether the data path of the ExpressRoute gateway on @p node (if it has one) drops the
    /// 5-tuple coming in by interface @p iif and out by @p oif whatever its rate.
    bool GatewayDrops(Ptr<Node> node,
                      uint32_t src,
                      uint32_t dst,
                      uint8_t protocol,
                      uint16_t srcPort,
                      uint16_t dstPort,
                      int32_t iif,
                      uint32_t oif) const;

    struct NodeEntry
    {
        std::string name;
        NodeRole role;
        Ptr<Node> node;
    };

    Ptr<Geography> m_geography;
    Ptr<Backbone> m_backbone;
    std::map<std::string, uint32_t> m_nodeByName;
    std::map<uint32_t, NodeEntry> m_nodes;
    std::vector<uint32_t> m_nodeOrder;
    std::vector<Link> m_links;
    std::map<std::string, std::size_t> m_linkByName;
    std::map<const NetDevice*, std::size_t> m_linkOfDevice; ///< each link's two devices
    std::map<std::string, Ptr<CustomerSite>> m_sites;
    std::map<std::string, Ptr<ConnectivityProvider>> m_providers;
    std::map<std::string, Ptr<Circuit>> m_circuits;
    std::map<std::string, Ptr<VirtualNetwork>> m_vnets;
    std::map<std::string, Ptr<Msee>> m_msees;
    std::map<std::string, Ptr<GlobalReach>> m_globalReach;
    std::map<std::string, Ptr<VpnConnection>> m_vpn;
    struct VnetLink
    {
        std::string circuit;
        std::string vnet;
        uint32_t weight;
    };

    std::vector<VnetLink> m_vnetLinks;
    Ptr<LinkImpairments> m_impairments;
    std::map<std::string, Ptr<GatewayDataPath>> m_vpnDataPaths;
    Ptr<Igp> m_igp;
    std::map<uint32_t, Ptr<BgpSpeaker>> m_speakers;
    std::map<uint32_t, Ptr<BfdAgent>> m_bfd;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_TOPOLOGY_H
