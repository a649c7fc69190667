import { describeDocumentSuite } from './document-suite';

describeDocumentSuite('s3', 13321);
