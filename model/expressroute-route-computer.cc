// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-route-computer.h"

#include "expressroute-fib-routing.h"
#include "expressroute-topology.h"

#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node-list.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/two_bit_color_map.hpp>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteRouteComputer");
NS_OBJECT_ENSURE_REGISTERED(RouteComputer);

namespace
{

struct EdgeProps
{
    int64_t weight;     ///< delay in ns + 1 (ties go to fewer hops)
    std::size_t link;   ///< index into Topology::GetLinks()
    uint32_t fromIf;    ///< interface of the edge's source node
    uint32_t toAddr;    ///< address of the edge's target node on the link
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                                    EdgeProps>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

bool
IsTransit(NodeRole role)
{
    return role == NodeRole::ProviderEdge || role == NodeRole::Msee ||
           role == NodeRole::BackboneRouter || role == NodeRole::Internet;
}

/// The search runs from the origins outwards over reversed forwarding edges: an edge u->v of
/// the search means "v forwards to u". It may leave u only if u forwards transit traffic or is
/// an origin; it never uses filtered links.
struct SearchFilter
{
    const Graph* g{nullptr};
    const std::vector<char>* transit{nullptr};
    const std::vector<char>* origin{nullptr};
    const std::vector<char>* linkOk{nullptr};

    bool operator()(const Edge& e) const
    {
        const Vertex u = boost::source(e, *g);
        return (*linkOk)[(*g)[e].link] && ((*transit)[u] || (*origin)[u]);
    }
};

} // namespace

TypeId
RouteComputer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::RouteComputer")
                            .SetParent<Object>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<RouteComputer>();
    return tid;
}

void
RouteComputer::SetLinkFilter(std::function<bool(std::size_t)> filter)
{
    m_linkFilter = std::move(filter);
}

std::size_t
RouteComputer::Compute(Ptr<Topology> topology, const std::vector<Target>& targets) const
{
    const auto& ids = topology->GetNodeIds();
    std::unordered_map<uint32_t, Vertex> vertexOf;
    for (std::size_t i = 0; i < ids.size(); ++i)
    {
        vertexOf[ids[i]] = i;
    }
    Graph g(ids.size());
    std::vector<char> transit(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
    {
        transit[i] = IsTransit(topology->GetNodeRole(ids[i])) ? 1 : 0;
    }
    const auto& links = topology->GetLinks();
    std::vector<char> linkOk(links.size(), 1);
    for (std::size_t l = 0; l < links.size(); ++l)
    {
        const auto& link = links[l];
        linkOk[l] = (!m_linkFilter || m_linkFilter(l)) ? 1 : 0;
        const int64_t w = link.delay.GetNanoSeconds() + 1;
        // Reversed forwarding edges (see SearchFilter): search edge A->B carries B's next hop
        // towards A, i.e. B's interface and A's address.
        boost::add_edge(vertexOf.at(link.nodeA), vertexOf.at(link.nodeB),
                        EdgeProps{w, l, link.ifB, link.addrA}, g);
        boost::add_edge(vertexOf.at(link.nodeB), vertexOf.at(link.nodeA),
                        EdgeProps{w, l, link.ifA, link.addrB}, g);
    }

    const int64_t kInf = std::numeric_limits<int64_t>::max();
    std::vector<int64_t> dist(ids.size());
    std::vector<Vertex> pred(ids.size());
    std::vector<char> origin(ids.size());
    std::size_t installed = 0;
    for (const auto& target : targets)
    {
        std::fill(origin.begin(), origin.end(), 0);
        std::fill(dist.begin(), dist.end(), kInf);
        std::vector<Vertex> sources;
        for (uint32_t id : target.origins)
        {
            const Vertex v = vertexOf.at(id);
            origin[v] = 1;
            dist[v] = 0;
            sources.push_back(v);
        }
        for (std::size_t i = 0; i < pred.size(); ++i)
        {
            pred[i] = i;
        }
        std::vector<char> targetLinkOk(linkOk);
        for (std::size_t l : target.excludeLinks)
        {
            targetLinkOk[l] = 0;
        }
        SearchFilter filter{&g, &transit, &origin, &targetLinkOk};
        boost::filtered_graph<Graph, SearchFilter> fg(g, filter);
        auto index = boost::get(boost::vertex_index, fg);
        boost::two_bit_color_map<decltype(index)> color(ids.size(), index);
        boost::dijkstra_shortest_paths_no_init(
            fg,
            sources.begin(),
            sources.end(),
            boost::make_iterator_property_map(pred.begin(), index),
            boost::make_iterator_property_map(dist.begin(), index),
            boost::get(&EdgeProps::weight, fg),
            index,
            std::less<int64_t>(),
            boost::closed_plus<int64_t>(kInf),
            int64_t(0),
            boost::default_dijkstra_visitor(),
            color);

        for (uint32_t id : target.installOn)
        {
            auto vit = vertexOf.find(id);
            if (vit == vertexOf.end())
            {
                continue;
            }
            const Vertex v = vit->second;
            auto routing = DynamicCast<FibRouting>(
                NodeList::GetNode(id)->GetObject<Ipv4>()->GetRoutingProtocol());
            NS_ASSERT_MSG(routing, "node " << topology->GetNodeName(id) << " has no FibRouting");
            if (origin[v] || dist[v] == kInf)
            {
                routing->GetFib().Remove(target.prefix, RouteSource::Igp);
                continue;
            }
            // Every neighbour u with a usable search edge u->v on a shortest path is a next hop.
            std::vector<NextHop> hops;
            for (auto [it, last] = boost::in_edges(v, fg); it != last; ++it)
            {
                const Vertex u = boost::source(*it, fg);
                const auto& props = g[*it];
                if (dist[u] != kInf && dist[u] + props.weight == dist[v])
                {
                    hops.push_back(NextHop{props.fromIf, props.toAddr});
                }
            }
            std::sort(hops.begin(), hops.end(), [](const NextHop& a, const NextHop& b) {
                return a.interface != b.interface ? a.interface < b.interface
                                                  : a.gateway < b.gateway;
            });
            routing->GetFib().Set(target.prefix, RouteSource::Igp, std::move(hops));
            ++installed;
        }
    }
    NS_LOG_INFO("targets=" << targets.size() << " installed=" << installed);
    return installed;
}

} // namespace expressroute
} // namespace ns3
