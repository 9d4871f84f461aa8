// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BACKBONE_H
#define EXPRESSROUTE_BACKBONE_H

// Microsoft's global backbone as a graph: one router per Azure region, undirected links with a
// one-way propagation delay fitted to Microsoft's published P50 inter-region round-trip times
// (doc/backbone.md, references.md §11 LAT24), and an access delay per region paid only at the two
// ends of a path (region datacentre to its backbone router). Shortest paths come from
// Boost.Graph's Dijkstra, never from ns-3's GlobalRouteManager. Each peering location has its own
// router with links to one or more region routers (data/peering-attachments.csv, predicted like a
// region without measurements); the location's routers are not part of the region graph here.

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * The backbone graph and its shortest paths. Routers are named by region.
 */
class Backbone : public Object
{
  public:
    /// One undirected backbone link.
    struct Link
    {
        std::string a;
        std::string b;
        Time delay;       ///< one-way propagation delay
        std::string kind; ///< terrestrial, subsea, metro or predicted
    };

    /// One link between a peering location's router and a region router.
    struct LocationLink
    {
        std::string region;
        Time delay; ///< one-way propagation delay
    };

    static TypeId GetTypeId();
    Backbone();
    ~Backbone() override;

    /// Adds the router of @p region with the region's one-way access delay.
    void AddRouter(const std::string& region, Time accessDelay);
    /// Adds an undirected link; both routers must exist.
    void AddLink(const std::string& a, const std::string& b, Time delay, const std::string& kind);

    /// Adds a link between peering location @p location's router and @p region's router.
    void AddLocationLink(const std::string& location, const std::string& region, Time delay);
    /// The links of @p location's router in the order added; empty for an unknown location.
    std::vector<LocationLink> GetLocationLinks(const std::string& location) const;
    /// Where @p location's MSEEs attach (before AttachmentFixedDelay): the router of its one
    /// region, at that link's delay, or with several regions its own router "pl/<location>",
    /// at no delay (its links are backbone links). Nullopt for a location without links.
    struct LocationAttachment
    {
        std::string router; ///< a region's router name, or "pl/<location>"
        Time delay;
    };
    std::optional<LocationAttachment> GetLocationAttachment(const std::string& location) const;

    bool HasRouter(const std::string& region) const;
    /// Router names in sorted order.
    std::vector<std::string> GetRouters() const;
    const std::vector<Link>& GetLinks() const { return m_links; }
    Time GetAccessDelay(const std::string& region) const;

    /// One-way delay of the shortest path between two routers (excluding access delays).
    Time GetPathDelay(const std::string& a, const std::string& b) const;
    /// The routers on the shortest path from @p a to @p b, both included.
    std::vector<std::string> GetPath(const std::string& a, const std::string& b) const;
    /// Model round-trip time between two regions: 2 x (access a + path + access b).
    Time GetRtt(const std::string& a, const std::string& b) const;

    /// One-way delay of a terrestrial attachment of @p km great-circle kilometres:
    /// km x PathStretch / fibre speed + AttachmentFixedDelay.
    Time GetAttachmentDelay(double km) const;

    DataRate GetLinkRate() const { return m_linkRate; }

  protected:
    void DoDispose() override;

  private:
    void ComputeAllPairs() const;
    uint32_t IndexOf(const std::string& region) const;

    std::map<std::string, uint32_t> m_index;
    std::vector<std::string> m_names;
    std::vector<Time> m_access;
    std::vector<Link> m_links;
    std::map<std::string, std::vector<LocationLink>> m_locationLinks;
    DataRate m_linkRate;
    double m_stretch;
    Time m_attachFixed;
    // All-pairs shortest paths, computed lazily after the last change.
    mutable bool m_dirty{true};
    mutable std::vector<std::vector<int64_t>> m_distNs;
    mutable std::vector<std::vector<uint32_t>> m_pred;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BACKBONE_H
