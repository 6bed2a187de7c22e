import { ownKeysOnly, shapeOf, type OperationModel, type ServiceModel, type Shape } from '../../../models/model.js';

/**
 * POST Object (S3's browser form upload) is in S3's API reference but in no SDK's model: no SDK
 * sends it, browsers do. Its operation and shapes are written here, so the REST-XML codec routes
 * it (`POST /{Bucket}`, the one bucket-level POST without a sub-resource) and writes its answer
 * like any other: PutObject's output headers, Location, the status the form asks for, and the
 * PostResponse document for 201.
 */
export const POST_OBJECT = 'PostObject';

const OPERATION: OperationModel = {
  name: POST_OBJECT,
  http: { method: 'POST', requestUri: '/{Bucket}' },
  input: { shape: 'PostObjectRequest' },
  output: { shape: 'PostObjectOutput' },
};

const SHAPES: Record<string, Shape> = {
  PostObjectText: { type: 'string' },
  PostObjectLength: { type: 'long' },
  PostObjectStatus: { type: 'integer' },
  PostObjectForm: { type: 'blob', streaming: true },
  PostObjectRequest: {
    type: 'structure',
    required: ['Bucket'],
    payload: 'Form',
    members: {
      Bucket: { shape: 'BucketName', location: 'uri', locationName: 'Bucket' },
      ContentType: { shape: 'PostObjectText', location: 'header', locationName: 'Content-Type' },
      ContentLength: { shape: 'PostObjectLength', location: 'header', locationName: 'Content-Length' },
      /** Where the request was sent, for the Location of the object. */
      Host: { shape: 'PostObjectText', location: 'header', locationName: 'Host' },
      /** The multipart/form-data body: the fields, then the file. */
      Form: { shape: 'PostObjectForm' },
    },
  },
};

/** The S3 model with POST Object added; the output carries every header PutObject's does. */
export function withPostObject(model: ServiceModel): ServiceModel {
  const putOutput = shapeOf(model, 'PutObjectOutput');
  const output: Shape = {
    type: 'structure',
    payload: 'Document',
    members: {
      ...putOutput.members,
      Location: { shape: 'PostObjectText', location: 'header', locationName: 'Location' },
      ContentType: { shape: 'PostObjectText', location: 'header', locationName: 'Content-Type' },
      Status: { shape: 'PostObjectStatus', location: 'statusCode' },
      /** The PostResponse XML of success_action_status 201, written whole by the operation. */
      Document: { shape: 'PostObjectText' },
    },
  };
  return {
    ...model,
    operations: ownKeysOnly({ ...model.operations, [POST_OBJECT]: OPERATION }),
    shapes: ownKeysOnly({ ...model.shapes, ...SHAPES, PostObjectOutput: output }),
  };
}
