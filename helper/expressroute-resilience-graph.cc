// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-resilience-graph.h"

#include "expressroute-backbone.h"
#include "expressroute-geography.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/filtered_graph.hpp>

#include <algorithm>
#include <map>
#include <limits>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteResilienceGraph");

namespace
{

using BackboneGraph =
    boost::adjacency_list<boost::vecS,
                          boost::vecS,
                          boost::undirectedS,
                          boost::no_property,
                          boost::property<boost::edge_index_t, std::size_t>>;

using Adjacency = std::vector<std::vector<std::pair<uint32_t, uint32_t>>>;

/// The backbone without failed links, as a filter on the whole backbone graph.
struct Alive
{
    const BackboneGraph* g{nullptr};
    const std::vector<char>* linkDown{nullptr};

    bool operator()(const boost::graph_traits<BackboneGraph>::edge_descriptor& e) const
    {
        return !(*linkDown)[boost::get(boost::edge_index, *g, e)];
    }
};

/// Component labels of the backbone without the failed links and without one more link
/// (@p skipLink). A plain breadth-first search: it runs once per cut element of every view, so
/// it must be cheap.
std::vector<int32_t>
Labels(const Adjacency& adj, const std::vector<char>& linkDown, uint32_t skipLink)
{
    std::vector<int32_t> label(adj.size(), -1);
    std::vector<uint32_t> queue;
    queue.reserve(adj.size());
    int32_t next = 0;
    for (uint32_t start = 0; start < adj.size(); ++start)
    {
        if (label[start] >= 0)
        {
            continue;
        }
        label[start] = next;
        queue.assign(1, start);
        for (std::size_t q = 0; q < queue.size(); ++q)
        {
            for (const auto& [v, link] : adj[queue[q]])
            {
                if (label[v] < 0 && !linkDown[link] && link != skipLink)
                {
                    label[v] = next;
                    queue.push_back(v);
                }
            }
        }
        ++next;
    }
    return label;
}


template <typename T>
void
SortUnique(std::vector<T>& v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

} // namespace

/// The whole backbone as a Boost graph; the edge index is the backbone link index.
struct ResilienceGraph::BoostBackbone
{
    BackboneGraph graph;
};

std::string
ToString(ElementKind kind)
{
    switch (kind)
    {
    case ElementKind::CeRouter:
        return "CeRouter";
    case ElementKind::ProviderEdge:
        return "ProviderEdge";
    case ElementKind::CircuitLink:
        return "CircuitLink";
    case ElementKind::Msee:
        return "Msee";
    case ElementKind::PeeringLocation:
        return "PeeringLocation";
    case ElementKind::Provider:
        return "Provider";
    case ElementKind::BackboneLink:
        return "BackboneLink";
    case ElementKind::Region:
        return "Region";
    case ElementKind::Gateway:
        return "Gateway";
    case ElementKind::VpnGateway:
        return "VpnGateway";
    case ElementKind::InternetPath:
        return "InternetPath";
    case ElementKind::SiteLink:
        return "SiteLink";
    }
    return "?";
}

void
BackboneView::AppendSeparators(uint32_t a, uint32_t b, std::vector<uint32_t>& out) const
{
    for (const auto& cut : cuts)
    {
        if (cut.label[a] != cut.label[b])
        {
            out.push_back(cut.element);
        }
    }
}

ResilienceGraph::ResilienceGraph(const Scenario& scenario,
                                 Ptr<Geography> geography,
                                 Ptr<Backbone> backbone)
    : m_scenarioName(scenario.name),
      m_geography(geography),
      m_backbone(backbone),
      m_globalReach(scenario.globalReach)
{
    BuildBackbone(backbone, scenario);
    BuildSitesAndProviders(scenario);
    BuildCircuits(scenario, geography);
    BuildVnets(scenario);

    // Elements in kind order (ElementKind), each kind in table order, so that ids and outputs
    // are deterministic.
    for (uint32_t s = 0; s < m_sites.size(); ++s)
    {
        const auto& spec = scenario.sites[s];
        const uint32_t ces = spec.ceRouters.value_or(1);
        for (uint32_t i = 0; i < ces; ++i)
        {
            m_sites[s].ces.push_back(AddElement(ElementKind::CeRouter,
                                                "site/" + spec.name + "/ce" + std::to_string(i + 1),
                                                s));
        }
    }
    for (uint32_t l = 0; l < m_legs.size(); ++l)
    {
        auto& leg = m_legs[l];
        const auto& circuit = scenario.circuits[leg.circuit];
        const auto* provider = scenario.FindProvider(circuit.provider);
        if (provider->layer == ProviderLayer::Layer3)
        {
            leg.pe = AddElement(ElementKind::ProviderEdge,
                                "pe/" + circuit.provider + "/" + circuit.name + "/" +
                                    ToString(leg.role),
                                l);
        }
    }
    for (uint32_t l = 0; l < m_legs.size(); ++l)
    {
        auto& leg = m_legs[l];
        leg.link = AddElement(ElementKind::CircuitLink,
                              "circuit/" + m_circuits[leg.circuit].name + "/" + ToString(leg.role),
                              l);
    }
    for (uint32_t i = 0; i < m_locations.size(); ++i)
    {
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            m_locations[i].msees[role == LinkRole::Primary ? 0 : 1] =
                AddElement(ElementKind::Msee,
                           "msee/" + m_locations[i].name + "/" + ToString(role),
                           i);
        }
    }
    for (uint32_t i = 0; i < m_locations.size(); ++i)
    {
        m_locations[i].element =
            AddElement(ElementKind::PeeringLocation, "location/" + m_locations[i].name, i);
    }
    for (uint32_t i = 0; i < m_providers.size(); ++i)
    {
        m_providers[i].element =
            AddElement(ElementKind::Provider, "provider/" + m_providers[i].name, i);
    }
    for (uint32_t i = 0; i < m_backboneLinks.size(); ++i)
    {
        auto& bl = m_backboneLinks[i];
        // A location's links are named as the topology names them: backbone/<location>--<region>.
        const auto& a = m_regions[bl.a];
        bl.element = AddElement(ElementKind::BackboneLink,
                                "backbone/" + (a.location ? a.name.substr(3) : a.name) + "--" +
                                    m_regions[bl.b].name,
                                i);
    }
    // A region fails as the simulator's RegionOutage fails it: its VNets. Regions without one
    // (RegionOutage refuses them) and locations' routers are no elements.
    for (uint32_t i = 0; i < m_regions.size(); ++i)
    {
        const bool hasVnet = std::any_of(m_vnets.begin(), m_vnets.end(), [i](const auto& v) {
            return v.region == i;
        });
        if (hasVnet && !m_regions[i].location)
        {
            m_regions[i].element =
                AddElement(ElementKind::Region, "region/" + m_regions[i].name, i);
        }
    }
    for (uint32_t i = 0; i < m_vnets.size(); ++i)
    {
        m_vnets[i].gateway =
            AddElement(ElementKind::Gateway, "vnet/" + m_vnets[i].name + "/gateway", i);
    }
    BuildVpns(scenario);
    BuildSiteLinks(scenario, backbone);

    // The chain of each leg. With two CE routers the secondary link lands on the second (§8, HA).
    for (auto& leg : m_legs)
    {
        const auto& circuit = m_circuits[leg.circuit];
        const auto& ces = m_sites[circuit.site].ces;
        leg.ce = ces[leg.role == LinkRole::Secondary && ces.size() > 1 ? 1 : 0];
        const auto& loc = m_locations[leg.location];
        leg.msee = loc.msees[leg.role == LinkRole::Primary ? 0 : 1];
        leg.elements = {leg.ce, leg.link, m_providers[circuit.provider].element, leg.msee,
                        loc.element};
        if (leg.pe != kNoIndex)
        {
            leg.elements.push_back(leg.pe);
        }
        SortUnique(leg.elements);
    }
    ComputeLegDelays(scenario, backbone);
    BuildTransitLegs();
    BuildPairs(scenario);
    NS_LOG_INFO("scenario=" << m_scenarioName << " elements=" << m_elements.size()
                            << " legs=" << m_legs.size() << " pairs=" << m_pairs.size());
}

uint32_t
ResilienceGraph::AddElement(ElementKind kind, std::string name, uint32_t index)
{
    m_elements.push_back(ResilienceElement{kind, std::move(name), index});
    return static_cast<uint32_t>(m_elements.size() - 1);
}

uint32_t
ResilienceGraph::FindElement(const std::string& name) const
{
    for (uint32_t i = 0; i < m_elements.size(); ++i)
    {
        if (m_elements[i].name == name)
        {
            return i;
        }
    }
    return kNoIndex;
}

uint32_t
ResilienceGraph::RegionIndex(const std::string& name) const
{
    auto it = std::lower_bound(m_regions.begin(),
                               m_regions.end(),
                               name,
                               [](const ResilienceRegion& r, const std::string& n) {
                                   return r.name < n;
                               });
    NS_ABORT_MSG_IF(it == m_regions.end() || it->name != name,
                    "region " << name << " has no backbone router");
    return static_cast<uint32_t>(it - m_regions.begin());
}

void
ResilienceGraph::BuildBackbone(Ptr<Backbone> backbone, const Scenario& scenario)
{
    for (const auto& name : backbone->GetRouters()) // sorted
    {
        auto region = m_geography->FindRegion(name);
        m_regions.push_back(
            ResilienceRegion{name, region ? region->GetGeopoliticalRegion() : "", kNoIndex, false});
    }
    for (const auto& l : backbone->GetLinks())
    {
        m_backboneLinks.push_back({RegionIndex(l.a), RegionIndex(l.b), kNoIndex});
    }
    // The routers of the scenario's peering locations with several regions, after the regions
    // ("pl/" sorts after every region name, so RegionIndex still finds them), in name order.
    std::set<std::string> multi;
    for (const auto& c : scenario.circuits)
    {
        for (const auto* loc : {&c.peeringLocation,
                                c.secondaryPeeringLocation ? &*c.secondaryPeeringLocation : nullptr})
        {
            if (loc && backbone->GetLocationLinks(*loc).size() > 1)
            {
                multi.insert(*loc);
            }
        }
    }
    for (const auto& loc : multi)
    {
        NS_ABORT_MSG_UNLESS(m_regions.back().name < "pl/" + loc, "router names out of order");
        m_regions.push_back(ResilienceRegion{"pl/" + loc, "", kNoIndex, true});
        const auto self = static_cast<uint32_t>(m_regions.size() - 1);
        for (const auto& l : backbone->GetLocationLinks(loc))
        {
            m_backboneLinks.push_back({self, RegionIndex(l.region), kNoIndex});
        }
    }
    m_boostBackbone = std::make_shared<BoostBackbone>();
    m_boostBackbone->graph = BackboneGraph(m_regions.size());
    for (uint32_t i = 0; i < m_backboneLinks.size(); ++i)
    {
        boost::add_edge(m_backboneLinks[i].a, m_backboneLinks[i].b, i, m_boostBackbone->graph);
    }
    m_adjacency.resize(m_regions.size());
    for (uint32_t i = 0; i < m_backboneLinks.size(); ++i)
    {
        m_adjacency[m_backboneLinks[i].a].emplace_back(m_backboneLinks[i].b, i);
        m_adjacency[m_backboneLinks[i].b].emplace_back(m_backboneLinks[i].a, i);
    }
}

void
ResilienceGraph::BuildSitesAndProviders(const Scenario& scenario)
{
    for (const auto& s : scenario.sites)
    {
        m_sites.push_back(ResilienceSite{s.name, {}, {}});
    }
    for (const auto& p : scenario.providers)
    {
        m_providers.push_back(ResilienceProvider{p.name, kNoIndex});
    }
}

void
ResilienceGraph::BuildCircuits(const Scenario& scenario, Ptr<Geography> geography)
{
    // Peering locations in name order, as the TopologyBuilder creates their MSEEs.
    std::set<std::string> used;
    for (const auto& c : scenario.circuits)
    {
        used.insert(c.peeringLocation);
        if (c.secondaryPeeringLocation)
        {
            used.insert(*c.secondaryPeeringLocation);
        }
    }
    std::map<std::string, uint32_t> locationIndex;
    for (const auto& name : used)
    {
        auto loc = geography->FindPeeringLocation(name);
        NS_ABORT_MSG_UNLESS(loc, "unknown peering location " << name);
        locationIndex[name] = static_cast<uint32_t>(m_locations.size());
        // As the topology attaches it: its router with several regions, the region of its one
        // link, or (a backbone without location links) the geography's rule.
        const auto attachment = m_backbone->GetLocationAttachment(name);
        const uint32_t attach = RegionIndex(attachment ? attachment->router
                                                       : geography->GetAttachmentRegion(loc));
        m_locations.push_back(ResilienceLocation{name, attach, kNoIndex, {kNoIndex, kNoIndex}});
    }
    auto indexOf = [](const auto& list, const std::string& name) {
        for (uint32_t i = 0; i < list.size(); ++i)
        {
            if (list[i].name == name)
            {
                return i;
            }
        }
        NS_ABORT_MSG("unknown name " << name << " (scenario not validated?)");
        return kNoIndex;
    };
    for (uint32_t ci = 0; ci < scenario.circuits.size(); ++ci)
    {
        const auto& c = scenario.circuits[ci];
        ResilienceCircuit circuit;
        circuit.name = c.name;
        circuit.site = indexOf(scenario.sites, c.site);
        circuit.provider = indexOf(scenario.providers, c.provider);
        circuit.tier = c.tier;
        circuit.bandwidthBps = c.bandwidthBps;
        // Unset means the Circuit attribute's default, Provisioned (doc/scenario.md).
        circuit.provisioned =
            c.provisioningState.value_or(ProvisioningState::Provisioned) ==
            ProvisioningState::Provisioned;
        circuit.metro = c.secondaryPeeringLocation.has_value();
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            ResilienceLeg leg;
            leg.circuit = ci;
            leg.role = role;
            leg.location = locationIndex.at(role == LinkRole::Secondary && circuit.metro
                                                ? *c.secondaryPeeringLocation
                                                : c.peeringLocation);
            leg.attachRegion = m_locations[leg.location].attachRegion;
            leg.bandwidthBps = c.bandwidthBps;
            circuit.legs[role == LinkRole::Primary ? 0 : 1] = static_cast<uint32_t>(m_legs.size());
            m_legs.push_back(std::move(leg));
        }
        for (const auto& vl : c.vnetLinks)
        {
            circuit.vnets.push_back(indexOf(scenario.vnets, vl.vnet));
        }
        m_sites[circuit.site].circuits.push_back(ci);
        m_circuits.push_back(std::move(circuit));
    }
}

void
ResilienceGraph::BuildVnets(const Scenario& scenario)
{
    for (const auto& v : scenario.vnets)
    {
        ResilienceVnet vnet;
        vnet.name = v.name;
        vnet.region = RegionIndex(v.region);
        vnet.sku = v.gateway.sku;
        vnet.gatewayBps = GetErGatewaySkuInfo(v.gateway.sku, v.gateway.scaleUnits.value_or(1))
                              .throughputBps;
        vnet.fastPath = v.gateway.fastPath.value_or(false);
        m_vnets.push_back(std::move(vnet));
    }
}

void
ResilienceGraph::BuildPairs(const Scenario& scenario)
{
    for (uint32_t s = 0; s < m_sites.size(); ++s)
    {
        for (uint32_t v = 0; v < m_vnets.size(); ++v)
        {
            SiteVnetPair pair;
            pair.site = s;
            pair.vnet = v;
            bool linked = false;
            for (uint32_t ci : m_sites[s].circuits)
            {
                const auto& c = m_circuits[ci];
                const bool links =
                    std::find(c.vnets.begin(), c.vnets.end(), v) != c.vnets.end();
                linked = linked || links;
                if (!c.provisioned)
                {
                    continue; // carries nothing, not even an alternative
                }
                for (uint32_t l : c.legs)
                {
                    (links ? pair.linkedLegs : pair.otherLegs).push_back(l);
                }
            }
            for (uint32_t k = 0; k < m_vpns.size(); ++k)
            {
                if (m_vpns[k].site == s && m_vpns[k].vnet == v)
                {
                    pair.vpns.push_back(k);
                }
            }
            for (uint32_t l = 0; l < m_legs.size(); ++l)
            {
                const auto& leg = m_legs[l];
                if (leg.siteLink == kNoIndex)
                {
                    continue;
                }
                const auto& link = m_siteLinks[leg.siteLink];
                const auto& via = m_circuits[leg.circuit];
                const bool mine = link.sites[0] == s || link.sites[1] == s;
                if (mine && via.site != s && via.provisioned &&
                    std::find(via.vnets.begin(), via.vnets.end(), v) != via.vnets.end())
                {
                    pair.transitLegs.push_back(l);
                }
            }
            if (!linked && pair.vpns.empty() && pair.transitLegs.empty())
            {
                continue;
            }
            for (uint32_t l : pair.linkedLegs)
            {
                const double rtt = LegRttS(l, v);
                pair.erRttS = pair.erRttS == 0 ? rtt : std::min(pair.erRttS, rtt);
            }
            for (const auto& t : scenario.traffic)
            {
                if (t.kind != TrafficKind::ConstantRate || !t.rateBps)
                {
                    continue; // Bulk is elastic: it takes what is left (doc/resilience.md)
                }
                if (t.from == m_sites[s].name && t.to == m_vnets[v].name)
                {
                    pair.demandToVnetBps += *t.rateBps;
                }
                else if (t.from == m_vnets[v].name && t.to == m_sites[s].name)
                {
                    pair.demandFromVnetBps += *t.rateBps;
                }
            }
            for (const auto* legs : {&pair.linkedLegs, &pair.otherLegs, &pair.transitLegs})
            {
                for (uint32_t l : *legs)
                {
                    const auto& leg = m_legs[l];
                    pair.localElements.insert(pair.localElements.end(),
                                              leg.elements.begin(),
                                              leg.elements.end());
                    pair.attachRegions.push_back(leg.attachRegion);
                }
            }
            for (uint32_t k : pair.vpns)
            {
                pair.localElements.insert(pair.localElements.end(),
                                          m_vpns[k].elements.begin(),
                                          m_vpns[k].elements.end());
            }
            pair.localElements.push_back(m_vnets[v].gateway);
            pair.localElements.push_back(m_regions[m_vnets[v].region].element);
            SortUnique(pair.localElements);
            SortUnique(pair.attachRegions);
            m_pairs.push_back(std::move(pair));
        }
    }
}

double
ResilienceGraph::LegRttS(uint32_t leg, uint32_t vnet) const
{
    const auto& l = m_legs[leg];
    const auto& region = m_regions[m_vnets[vnet].region].name;
    return 2 * (l.edgeDelayS + BackboneDelayS(l.attachRegion, m_vnets[vnet].region) +
                m_backbone->GetAccessDelay(region).GetSeconds() + m_lanDelayS);
}

double
ResilienceGraph::BackboneDelayS(uint32_t a, uint32_t b) const
{
    // A location's router reaches every region through one of its links (they never shorten a
    // path between two regions): the best link plus the path from its region.
    auto via = [this](uint32_t r) {
        std::vector<std::pair<std::string, double>> out;
        if (!m_regions[r].location)
        {
            out.emplace_back(m_regions[r].name, 0.0);
            return out;
        }
        for (const auto& l : m_backbone->GetLocationLinks(m_regions[r].name.substr(3)))
        {
            out.emplace_back(l.region, l.delay.GetSeconds());
        }
        return out;
    };
    if (a == b)
    {
        return 0;
    }
    double best = std::numeric_limits<double>::infinity();
    for (const auto& [ra, da] : via(a))
    {
        for (const auto& [rb, db] : via(b))
        {
            best = std::min(best, da + m_backbone->GetPathDelay(ra, rb).GetSeconds() + db);
        }
    }
    return best;
}

bool
ResilienceGraph::TierAllows(CircuitTier tier, uint32_t location, uint32_t region) const
{
    switch (tier)
    {
    case CircuitTier::Premium:
        return true;
    case CircuitTier::Local:
        return m_geography->FindPeeringLocation(m_locations[location].name)
            ->IsLocalRegion(m_regions[region].name);
    case CircuitTier::Standard:
        return m_geography->FindPeeringLocation(m_locations[location].name)
                   ->GetGeopoliticalRegion() == m_regions[region].geopolitical;
    }
    return false;
}

BackboneView
ResilienceGraph::ViewWithout(const std::vector<uint32_t>& failed) const
{
    std::vector<char> linkDown(m_backboneLinks.size(), 0);
    for (uint32_t e : failed)
    {
        const auto& el = m_elements[e];
        if (el.kind == ElementKind::BackboneLink)
        {
            linkDown[el.index] = 1;
        }
    }
    BackboneView view;
    view.component = Labels(m_adjacency, linkDown, kNoIndex);

    // Cut elements: the bridges (biconnected components of one edge), from Boost's
    // biconnected_components on the backbone without the failed links. Its articulation points
    // are routers, which no element fails.
    const BackboneGraph& g = m_boostBackbone->graph;
    const Alive alive{&g, &linkDown};
    boost::filtered_graph<BackboneGraph, Alive> fg(g, alive);
    std::vector<std::size_t> bcc(m_backboneLinks.size(), 0);
    const std::size_t components = boost::biconnected_components(
        fg, boost::make_iterator_property_map(bcc.begin(), boost::get(boost::edge_index, g)));
    std::vector<uint32_t> edgesIn(components, 0);
    for (uint32_t i = 0; i < bcc.size(); ++i)
    {
        if (!linkDown[i])
        {
            ++edgesIn[bcc[i]];
        }
    }
    for (uint32_t i = 0; i < bcc.size(); ++i)
    {
        if (!linkDown[i] && edgesIn[bcc[i]] == 1)
        {
            view.cuts.push_back({m_backboneLinks[i].element, Labels(m_adjacency, linkDown, i)});
        }
    }
    std::sort(view.cuts.begin(), view.cuts.end(), [](const auto& x, const auto& y) {
        return x.element < y.element;
    });
    return view;
}

} // namespace expressroute
} // namespace ns3
