// Package restxml is the codec of AWS's REST-XML protocol as S3 speaks it:
// a streaming XML builder for responses (no reflection, so a listing of a
// thousand keys costs little), a strict decoder of request bodies that
// answers anything it cannot read with S3's MalformedXML, and S3's error
// envelope, <Error><Code/><Message/>…<RequestId/><HostId/></Error>, with no
// body for HEAD requests.
//
// It imports the standard library only.
package restxml
