// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BACKBONE_READER_H
#define EXPRESSROUTE_BACKBONE_READER_H

#include "ns3/ptr.h"

#include <string>

namespace ns3
{
namespace expressroute
{

class Backbone;
class Geography;

/**
 * Reads the fitted backbone (data/backbone-links.csv, data/region-access.csv and
 * data/peering-attachments.csv, written by scripts/backbone_fit.py; doc/backbone.md) into a
 * Backbone with a router for every region of @p geography and the links of every peering
 * location's router. Throws DataFileError naming the file and row on unknown regions or peering
 * locations, a peering location without links, or bad numbers.
 */
Ptr<Backbone> ReadBackbone(const std::string& dataDir, Ptr<Geography> geography);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BACKBONE_READER_H
