import type { OperationTable } from '../operation.js';
import { createFeatureGroup } from './create-feature-group.js';
import { deleteFeatureGroup } from './delete-feature-group.js';
import { describeFeatureGroup } from './describe-feature-group.js';
import { describeFeatureMetadata, updateFeatureMetadata } from './feature-metadata.js';
import { listFeatureGroups } from './list-feature-groups.js';
import { listResourceCatalogs } from './list-resource-catalogs.js';
import { search } from './search.js';
import { addTags, deleteTags, listTags } from './tags.js';
import { updateFeatureGroup } from './update-feature-group.js';

/** SageMaker operations implemented so far (the feature-group control plane); the rest of the model answers NotImplemented. */
export const sagemakerOperations: OperationTable = {
  CreateFeatureGroup: createFeatureGroup,
  DescribeFeatureGroup: describeFeatureGroup,
  ListFeatureGroups: listFeatureGroups,
  UpdateFeatureGroup: updateFeatureGroup,
  DeleteFeatureGroup: deleteFeatureGroup,
  DescribeFeatureMetadata: describeFeatureMetadata,
  UpdateFeatureMetadata: updateFeatureMetadata,
  Search: search,
  ListResourceCatalogs: listResourceCatalogs,
  AddTags: addTags,
  ListTags: listTags,
  DeleteTags: deleteTags,
};
