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
 * Reads the fitted backbone (data/backbone-links.csv and data/region-access.csv, written by
 * scripts/backbone_fit.py; doc/backbone.md) into a Backbone with a router for every region of
 * @p geography. Throws DataFileError naming the file and line on unknown regions or bad numbers.
 */
Ptr<Backbone> ReadBackbone(const std::string& dataDir, Ptr<Geography> geography);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BACKBONE_READER_H
