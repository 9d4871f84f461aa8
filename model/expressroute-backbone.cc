// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-backbone.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBackbone");
NS_OBJECT_ENSURE_REGISTERED(Backbone);

namespace
{
/// Light in fibre: about 204,000 km/s (refractive index ~1.47).
constexpr double kFibreKmPerSecond = 204000.0;
} // namespace

TypeId
Backbone::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::Backbone")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<Backbone>()
            .AddAttribute("LinkRate",
                          "Rate of each backbone link. Microsoft does not publish it; it is set "
                          "well above any circuit so that the backbone is never the bottleneck.",
                          DataRateValue(DataRate("400Gbps")),
                          MakeDataRateAccessor(&Backbone::m_linkRate),
                          MakeDataRateChecker())
            .AddAttribute("PathStretch",
                          "Ratio of fibre route length to great-circle distance for attachments "
                          "(peering location to backbone, site to peering location): 1.53, fitted "
                          "on the backbone links against the June 2024 P50 table (doc/backbone.md).",
                          DoubleValue(1.53),
                          MakeDoubleAccessor(&Backbone::m_stretch),
                          MakeDoubleChecker<double>(1.0, 5.0))
            .AddAttribute("AttachmentFixedDelay",
                          "One-way delay added to every distance-based attachment (equipment, "
                          "in-metro cross-connects).",
                          TimeValue(MicroSeconds(100)),
                          MakeTimeAccessor(&Backbone::m_attachFixed),
                          MakeTimeChecker(Time(0)));
    return tid;
}

Backbone::Backbone() = default;
Backbone::~Backbone() = default;

void
Backbone::AddRouter(const std::string& region, Time accessDelay)
{
    NS_ASSERT_MSG(m_index.count(region) == 0, "duplicate backbone router " << region);
    m_index[region] = static_cast<uint32_t>(m_names.size());
    m_names.push_back(region);
    m_access.push_back(accessDelay);
    m_dirty = true;
}

void
Backbone::AddLink(const std::string& a, const std::string& b, Time delay, const std::string& kind)
{
    NS_ASSERT_MSG(HasRouter(a) && HasRouter(b), "backbone link " << a << " - " << b);
    m_links.push_back({a, b, delay, kind});
    m_dirty = true;
}

void
Backbone::AddLocationLink(const std::string& location, const std::string& region, Time delay)
{
    NS_ASSERT_MSG(HasRouter(region), "peering location link " << location << " - " << region);
    m_locationLinks[location].push_back({region, delay});
}

std::vector<Backbone::LocationLink>
Backbone::GetLocationLinks(const std::string& location) const
{
    auto it = m_locationLinks.find(location);
    return it == m_locationLinks.end() ? std::vector<LocationLink>{} : it->second;
}

std::optional<Backbone::LocationAttachment>
Backbone::GetLocationAttachment(const std::string& location) const
{
    auto it = m_locationLinks.find(location);
    if (it == m_locationLinks.end() || it->second.empty())
    {
        return std::nullopt;
    }
    if (it->second.size() > 1)
    {
        return LocationAttachment{"pl/" + location, Time(0)};
    }
    return LocationAttachment{it->second.front().region, it->second.front().delay};
}

bool
Backbone::HasRouter(const std::string& region) const
{
    return m_index.count(region) > 0;
}

std::vector<std::string>
Backbone::GetRouters() const
{
    std::vector<std::string> out;
    for (const auto& [name, i] : m_index)
    {
        out.push_back(name);
    }
    return out;
}

uint32_t
Backbone::IndexOf(const std::string& region) const
{
    auto it = m_index.find(region);
    NS_ABORT_MSG_IF(it == m_index.end(), "no backbone router for region '" << region << "'");
    return it->second;
}

Time
Backbone::GetAccessDelay(const std::string& region) const
{
    return m_access[IndexOf(region)];
}

void
Backbone::ComputeAllPairs() const
{
    if (!m_dirty)
    {
        return;
    }
    using Graph = boost::adjacency_list<boost::vecS,
                                        boost::vecS,
                                        boost::undirectedS,
                                        boost::no_property,
                                        boost::property<boost::edge_weight_t, int64_t>>;
    const std::size_t n = m_names.size();
    Graph g(n);
    for (const auto& link : m_links)
    {
        boost::add_edge(m_index.at(link.a), m_index.at(link.b), link.delay.GetNanoSeconds(), g);
    }
    m_distNs.assign(n, std::vector<int64_t>(n, 0));
    m_pred.assign(n, std::vector<uint32_t>(n, 0));
    std::vector<int64_t> dist(n);
    std::vector<std::size_t> pred(n);
    for (std::size_t s = 0; s < n; ++s)
    {
        boost::dijkstra_shortest_paths(
            g,
            s,
            boost::predecessor_map(pred.data()).distance_map(dist.data()));
        for (std::size_t t = 0; t < n; ++t)
        {
            m_distNs[s][t] = dist[t];
            m_pred[s][t] = static_cast<uint32_t>(pred[t]);
        }
    }
    m_dirty = false;
    NS_LOG_INFO("routers=" << n << " links=" << m_links.size());
}

Time
Backbone::GetPathDelay(const std::string& a, const std::string& b) const
{
    ComputeAllPairs();
    const int64_t d = m_distNs[IndexOf(a)][IndexOf(b)];
    NS_ABORT_MSG_IF(d == std::numeric_limits<int64_t>::max(),
                    "backbone has no path between " << a << " and " << b);
    return NanoSeconds(d);
}

std::vector<std::string>
Backbone::GetPath(const std::string& a, const std::string& b) const
{
    ComputeAllPairs();
    const uint32_t s = IndexOf(a);
    uint32_t t = IndexOf(b);
    std::vector<std::string> rev{m_names[t]};
    while (t != s)
    {
        const uint32_t p = m_pred[s][t];
        NS_ABORT_MSG_IF(p == t, "backbone has no path between " << a << " and " << b);
        t = p;
        rev.push_back(m_names[t]);
    }
    return {rev.rbegin(), rev.rend()};
}

Time
Backbone::GetRtt(const std::string& a, const std::string& b) const
{
    if (a == b)
    {
        return Time(0);
    }
    return 2 * (GetAccessDelay(a) + GetPathDelay(a, b) + GetAccessDelay(b));
}

Time
Backbone::GetAttachmentDelay(double km) const
{
    return Seconds(km * m_stretch / kFibreKmPerSecond) + m_attachFixed;
}

void
Backbone::DoDispose()
{
    m_links.clear();
    m_locationLinks.clear();
    m_distNs.clear();
    m_pred.clear();
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
