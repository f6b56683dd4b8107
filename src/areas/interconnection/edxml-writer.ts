import { create } from 'xmlbuilder2';
import {
  BUSINESS_TYPES,
  EDXML_NAMESPACE,
  edxmlDate,
  edxmlTimestamp,
  SOAP_NAMESPACE,
  type EdxmlDocumentMessage,
  type EdxmlOrgan,
  type EdxmlStatusMessage,
} from './edxml-format.ts';

/**
 * edXML messages written with xmlbuilder2 (escaping and namespaces are the library's): a SOAP
 * envelope whose header carries the standard's MessageHeader and TraceHeaderList (with its
 * `Bussiness`, spelled as the standard spells it), or its Status; the body carries the manifest,
 * each attachment base64-encoded inside its Reference (the standard's MIME parts, carried inline
 * so that one HTTP body is one message).
 */
type XMLBuilder = ReturnType<typeof create>;

function add(parent: XMLBuilder, name: string, value: string | number | null | undefined): XMLBuilder {
  return parent.ele(EDXML_NAMESPACE, `edXML:${name}`).txt(value === null || value === undefined ? '' : String(value));
}

function organ(parent: XMLBuilder, name: string, value: EdxmlOrgan): void {
  const element = parent.ele(EDXML_NAMESPACE, `edXML:${name}`);
  add(element, 'OrganId', value.organId);
  add(element, 'OrganizationInCharge', '');
  add(element, 'OrganName', value.organName);
  add(element, 'OrganAdd', value.organAdd);
  add(element, 'Email', value.email);
  add(element, 'Telephone', value.telephone);
  add(element, 'Fax', '');
  add(element, 'Website', '');
}

function envelope(): { root: XMLBuilder; header: XMLBuilder; body: XMLBuilder } {
  // Characters XML 1.0 cannot carry (control characters pasted into a subject) are dropped, not fatal.
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' })
    .ele(SOAP_NAMESPACE, 'SOAP-ENV:Envelope')
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:edXML', EDXML_NAMESPACE);
  return { root, header: root.ele(SOAP_NAMESPACE, 'SOAP-ENV:Header'), body: root.ele(SOAP_NAMESPACE, 'SOAP-ENV:Body') };
}

export function writeDocumentMessage(message: EdxmlDocumentMessage): string {
  const { root, header, body } = envelope();
  const head = header.ele(EDXML_NAMESPACE, 'edXML:MessageHeader');
  organ(head, 'From', message.from);
  for (const to of message.to) organ(head, 'To', to);
  add(head, 'DocumentId', message.documentId);
  const code = head.ele(EDXML_NAMESPACE, 'edXML:Code');
  add(code, 'CodeNumber', message.codeNumber);
  add(code, 'CodeNotation', message.codeNotation);
  const promulgation = head.ele(EDXML_NAMESPACE, 'edXML:PromulgationInfo');
  add(promulgation, 'Place', message.place);
  add(promulgation, 'PromulgationDate', edxmlDate(message.promulgationDate));
  const type = head.ele(EDXML_NAMESPACE, 'edXML:DocumentType');
  add(type, 'Type', message.documentType);
  add(type, 'TypeName', message.typeName);
  add(head, 'Subject', message.subject);
  add(head, 'Content', message.content);
  const signer = head.ele(EDXML_NAMESPACE, 'edXML:SignerInfo');
  add(signer, 'Competence', message.signer.competence);
  add(signer, 'Position', message.signer.position);
  add(signer, 'FullName', message.signer.fullName);
  add(head, 'DueDate', message.dueDate ? edxmlDate(message.dueDate) : '');
  const places = head.ele(EDXML_NAMESPACE, 'edXML:ToPlaces');
  for (const place of message.toPlaces) add(places, 'Place', place);
  const other = head.ele(EDXML_NAMESPACE, 'edXML:OtherInfo');
  add(other, 'Priority', message.priority);
  add(other, 'SphereOfPromulgation', message.sphereOfPromulgation);
  add(other, 'TyperNotation', '');
  add(other, 'PromulgationAmount', '');
  add(other, 'PageAmount', message.pageAmount);
  const appendixes = other.ele(EDXML_NAMESPACE, 'edXML:Appendixes');
  for (const appendix of message.appendixes) add(appendixes, 'Appendix', appendix);
  if (message.responseFor) {
    const answers = head.ele(EDXML_NAMESPACE, 'edXML:ResponseFor');
    add(answers, 'OrganId', message.responseFor.organId);
    add(answers, 'Code', message.responseFor.code);
    add(answers, 'PromulgationDate', edxmlDate(message.responseFor.promulgationDate));
    add(answers, 'DocumentId', message.responseFor.documentId);
  }
  add(head, 'SteeringType', message.steeringType);

  const traces = header.ele(EDXML_NAMESPACE, 'edXML:TraceHeaderList');
  for (const trace of message.trace) {
    const element = traces.ele(EDXML_NAMESPACE, 'edXML:TraceHeader');
    add(element, 'OrganId', trace.organId);
    add(element, 'Timestamp', trace.timestamp);
  }
  const business = traces.ele(EDXML_NAMESPACE, 'edXML:Bussiness');
  add(business, 'BussinessDocType', BUSINESS_TYPES[message.business.type]);
  add(business, 'BussinessDocReason', message.business.reason);
  add(business, 'Paper', 0);

  const manifest = body.ele(EDXML_NAMESPACE, 'edXML:Manifest');
  for (const attachment of message.attachments) {
    const reference = manifest.ele(EDXML_NAMESPACE, 'edXML:Reference');
    add(reference, 'ContentId', attachment.contentId);
    add(reference, 'ContentType', attachment.contentType);
    add(reference, 'Description', attachment.description);
    add(reference, 'AttachmentName', attachment.name);
    add(reference, 'Attachment', attachment.bytes.toString('base64'));
  }
  return root.end({ prettyPrint: false });
}

export function writeStatusMessage(message: EdxmlStatusMessage): string {
  const { root, header } = envelope();
  const status = header.ele(EDXML_NAMESPACE, 'edXML:Status');
  const answers = status.ele(EDXML_NAMESPACE, 'edXML:ResponseFor');
  add(answers, 'OrganId', message.responseFor.organId);
  add(answers, 'Code', message.responseFor.code);
  add(answers, 'PromulgationDate', edxmlDate(message.responseFor.promulgationDate));
  add(answers, 'DocumentId', message.responseFor.documentId);
  organ(status, 'From', message.from);
  add(status, 'StatusCode', message.statusCode);
  add(status, 'Description', message.description);
  add(status, 'Timestamp', edxmlTimestamp(message.timestamp));
  const staff = status.ele(EDXML_NAMESPACE, 'edXML:StaffInfo');
  add(staff, 'Department', message.staff?.department);
  add(staff, 'Staff', message.staff?.staff);
  return root.end({ prettyPrint: false });
}
