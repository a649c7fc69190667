import { describeDocumentSuite } from './document-suite';

describeDocumentSuite('local-disk', 13320);
